import { describe, expect, it } from 'vitest';
import { html, raw } from './html.js';

describe('html tagged template', () => {
  it('escapes text that a person typed, in content and in attributes', () => {
    const name = `<script>alert("x")</script>'&`;
    expect(html`<p title="${name}">${name}</p>`.toString()).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;&amp;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;&amp;</p>',
    );
  });

  it('nests templates and lists without escaping them twice', () => {
    const items = ['a<b', 'c'].map((x) => html`<li>${x}</li>`);
    const list = html`<ol>
      ${items}
    </ol>`;
    expect(list.toString().replace(/>\s+</g, '><')).toBe('<ol><li>a&lt;b</li><li>c</li></ol>');
  });

  it('writes nothing for null, undefined and false, and raw markup as it is', () => {
    expect(html`${null}${undefined}${false}${0}${raw('<br>')}`.toString()).toBe('0<br>');
  });
});
