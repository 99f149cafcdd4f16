import { describe, expect, it } from 'vitest';
import { searchPeople, type PickablePerson } from './person-search';

const people: PickablePerson[] = [
  { id: '1', fullName: 'Trần Thị Bình', title: 'Giám đốc', unitName: 'Sở Tài chính' },
  { id: '2', fullName: 'Lê Văn Cường', title: 'Phó Giám đốc', unitName: 'Sở Xây dựng' },
  { id: '3', fullName: 'Đỗ Minh Dũng', title: 'Chánh Văn phòng', unitName: 'Văn phòng UBND' },
];

describe('searching people to invite', () => {
  it('finds by name, title or unit without diacritics, every word counting', () => {
    expect(searchPeople(people, 'binh', new Set()).map((p) => p.id)).toEqual(['1']);
    expect(searchPeople(people, 'so tai chinh', new Set()).map((p) => p.id)).toEqual(['1']);
    expect(searchPeople(people, 'pho giam doc', new Set()).map((p) => p.id)).toEqual(['2']);
    expect(searchPeople(people, 'dung van phong', new Set()).map((p) => p.id)).toEqual(['3']);
    expect(searchPeople(people, 'Đỗ Minh', new Set()).map((p) => p.id)).toEqual(['3']);
    expect(searchPeople(people, 'binh xay dung', new Set())).toEqual([]);
  });

  it('never offers someone already in the meeting', () => {
    expect(searchPeople(people, '', new Set(['2'])).map((p) => p.id)).toEqual(['1', '3']);
    expect(searchPeople(people, 'cuong', new Set(['2']))).toEqual([]);
  });
});
