import { describe, expect, it } from 'vitest';
import { mergeBusyIntervals, type BusyInterval } from './merge-busy-intervals.ts';

const at = (hhmm: string): Date => new Date(`2026-12-01T${hhmm}:00Z`);
const window = { start: at('08:00'), end: at('18:00') };
const iv = (start: string, end: string, showAs: BusyInterval['showAs']): BusyInterval => ({
  start: at(start),
  end: at(end),
  showAs,
});
const text = (list: BusyInterval[]): string[] =>
  list.map((i) => `${i.start.toISOString().slice(11, 16)}-${i.end.toISOString().slice(11, 16)} ${i.showAs}`);

describe('mergeBusyIntervals', () => {
  it('merges overlapping and touching intervals of the same showAs', () => {
    expect(
      text(
        mergeBusyIntervals(
          [iv('09:00', '10:00', 'BUSY'), iv('09:30', '11:00', 'BUSY'), iv('11:00', '11:30', 'BUSY')],
          window,
        ),
      ),
    ).toEqual(['09:00-11:30 BUSY']);
  });

  it('keeps gaps and sorts the result', () => {
    expect(
      text(mergeBusyIntervals([iv('14:00', '15:00', 'BUSY'), iv('09:00', '10:00', 'BUSY')], window)),
    ).toEqual(['09:00-10:00 BUSY', '14:00-15:00 BUSY']);
  });

  it('ignores FREE and WORKING_ELSEWHERE', () => {
    expect(
      text(
        mergeBusyIntervals([iv('09:00', '10:00', 'FREE'), iv('10:00', '11:00', 'WORKING_ELSEWHERE')], window),
      ),
    ).toEqual([]);
  });

  it('lets the strongest showAs cover an overlap', () => {
    expect(
      text(
        mergeBusyIntervals(
          [iv('09:00', '11:00', 'TENTATIVE'), iv('10:00', '10:30', 'OOF'), iv('10:15', '12:00', 'BUSY')],
          window,
        ),
      ),
    ).toEqual(['09:00-10:00 TENTATIVE', '10:00-10:30 OOF', '10:30-12:00 BUSY']);
  });

  it('clips to the window', () => {
    expect(
      text(mergeBusyIntervals([iv('07:00', '08:30', 'BUSY'), iv('17:30', '19:00', 'OOF')], window)),
    ).toEqual(['08:00-08:30 BUSY', '17:30-18:00 OOF']);
  });
});
