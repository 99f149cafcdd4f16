import type { Locator, Page } from 'playwright-core';

/**
 * The follow-up steps as people take them in the browser, shared by the end-to-end tests: the
 * secretary fills "Giao nhiệm vụ", the lead unit reports a task done with a file, the office
 * accepts it, and an administrator makes an API token.
 */

/** What the secretary chooses in "Giao nhiệm vụ" (labels as the form shows them). */
export interface AssignFields {
  unit: string;
  assignee?: string;
  coordinating?: string[];
  /** YYYY-MM-DD. */
  deadline: string;
  product?: string;
}

/** Fills the open "Giao nhiệm vụ" dialog (nothing is sent). */
export async function fillAssignDialog(dialog: Locator, f: AssignFields): Promise<void> {
  await dialog.getByLabel('Đơn vị chủ trì').selectOption({ label: f.unit });
  if (f.assignee) await dialog.getByLabel('Người chịu trách nhiệm').selectOption({ label: f.assignee });
  for (const unit of f.coordinating ?? []) await dialog.getByRole('checkbox', { name: unit }).check();
  await dialog.getByLabel('Hạn hoàn thành').fill(f.deadline);
  if (f.product) await dialog.getByLabel('Sản phẩm dự kiến').fill(f.product);
}

/**
 * On the meeting's "Kết luận" tab: "Giao nhiệm vụ" on a conclusion point ("2.1"), filled and
 * sent; resolves once the dialog has closed (the task exists).
 */
export async function assignFromPoint(p: Page, point: string, f: AssignFields): Promise<void> {
  await p.getByRole('button', { name: `Giao nhiệm vụ: ${point}` }).click();
  const dialog = p.getByRole('dialog', { name: 'Giao nhiệm vụ' });
  await fillAssignDialog(dialog, f);
  await dialog.getByRole('button', { name: 'Giao nhiệm vụ' }).click();
  await dialog.waitFor({ state: 'detached' });
}

/**
 * On a task's page, as its lead unit: "Bắt đầu thực hiện", then "Báo cáo hoàn thành" with a text
 * and a file. `beforeSend` runs with the form filled (for a screenshot).
 */
export async function reportDone(
  p: Page,
  r: { text: string; file: { name: string; buffer: Buffer }; beforeSend?: () => Promise<unknown> },
): Promise<void> {
  await p.getByRole('button', { name: 'Bắt đầu thực hiện' }).click();
  await p.getByText('Đang thực hiện', { exact: true }).waitFor();
  await p.getByRole('button', { name: 'Báo cáo hoàn thành' }).click();
  const form = p.getByRole('form', { name: 'Báo cáo hoàn thành' });
  await form.getByLabel('Nội dung báo cáo').fill(r.text);
  await form.locator('input[type=file]').setInputFiles({
    name: r.file.name,
    mimeType: 'application/pdf',
    buffer: r.file.buffer,
  });
  await form.getByText(r.file.name).waitFor();
  await r.beforeSend?.();
  await form.getByRole('button', { name: 'Báo cáo hoàn thành' }).click();
  await p.getByText('Đã báo cáo', { exact: true }).waitFor();
}

/** On a reported task's page, as the office: "Nghiệm thu" and its confirmation. */
export async function acceptTask(p: Page): Promise<void> {
  await p.getByRole('button', { name: 'Nghiệm thu' }).click();
  await p.getByRole('form', { name: 'Nghiệm thu' }).getByRole('button', { name: 'Nghiệm thu' }).click();
  await p.getByText('Đã nghiệm thu', { exact: true }).waitFor();
}

/**
 * Cài đặt hệ thống → API token (the page open): "Tạo API token" with a name and the scopes'
 * labels ticked. Answers the secret and the dialog that shows it once (still open: the caller
 * copies it, then closes it with "Tôi đã lưu token").
 */
export async function createApiToken(
  p: Page,
  name: string,
  scopes: string[],
): Promise<{ secret: string; shown: Locator }> {
  await p.getByRole('tab', { name: 'API token' }).click();
  await p.getByRole('button', { name: 'Tạo API token' }).first().click();
  const create = p.getByRole('dialog', { name: 'Tạo API token' });
  await create.getByLabel('Tên hệ thống dùng token').fill(name);
  for (const scope of scopes) await create.getByLabel(scope).check();
  await create.getByRole('button', { name: 'Tạo API token' }).click();
  const shown = p.getByRole('dialog', { name: 'API token mới' });
  const secret = (await shown.getByTestId('api-token-secret').textContent()) ?? '';
  return { secret, shown };
}
