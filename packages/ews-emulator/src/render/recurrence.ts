import type { GraphEvent } from '@calsync/graph-emulator/calendar';
import { element } from '../soap/xml-text.ts';

interface GraphRecurrence {
  pattern: {
    type: string;
    interval: number;
    month: number;
    dayOfMonth: number;
    daysOfWeek: string[];
    firstDayOfWeek: string;
    index: string;
  };
  range: { type: string; startDate: string; endDate: string; numberOfOccurrences: number };
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

function days(pattern: GraphRecurrence['pattern']): string {
  return element('t:DaysOfWeek', pattern.daysOfWeek.map(capitalise).join(' '));
}

function patternXml(p: GraphRecurrence['pattern']): string {
  const interval = element('t:Interval', p.interval);
  const month = element('t:Month', MONTHS[p.month - 1] ?? 'January');
  const index = element('t:DayOfWeekIndex', capitalise(p.index));
  switch (p.type) {
    case 'daily':
      return `<t:DailyRecurrence>${interval}</t:DailyRecurrence>`;
    case 'weekly':
      return `<t:WeeklyRecurrence>${interval}${days(p)}${element('t:FirstDayOfWeek', capitalise(p.firstDayOfWeek))}</t:WeeklyRecurrence>`;
    case 'absoluteMonthly':
      return `<t:AbsoluteMonthlyRecurrence>${interval}${element('t:DayOfMonth', p.dayOfMonth)}</t:AbsoluteMonthlyRecurrence>`;
    case 'relativeMonthly':
      return `<t:RelativeMonthlyRecurrence>${interval}${days(p)}${index}</t:RelativeMonthlyRecurrence>`;
    case 'absoluteYearly':
      return `<t:AbsoluteYearlyRecurrence>${element('t:DayOfMonth', p.dayOfMonth)}${month}</t:AbsoluteYearlyRecurrence>`;
    default:
      return `<t:RelativeYearlyRecurrence>${days(p)}${index}${month}</t:RelativeYearlyRecurrence>`;
  }
}

function rangeXml(r: GraphRecurrence['range']): string {
  const start = element('t:StartDate', r.startDate);
  if (r.type === 'endDate')
    return `<t:EndDateRecurrence>${start}${element('t:EndDate', r.endDate)}</t:EndDateRecurrence>`;
  if (r.type === 'numbered')
    return `<t:NumberedRecurrence>${start}${element('t:NumberOfOccurrences', r.numberOfOccurrences)}</t:NumberedRecurrence>`;
  return `<t:NoEndRecurrence>${start}</t:NoEndRecurrence>`;
}

/** `<t:Recurrence>` of a series master (EWSR recurrence-recurrencetype); empty for other items. */
export function renderRecurrence(event: GraphEvent): string {
  const recurrence = event['recurrence'] as GraphRecurrence | null | undefined;
  if (!recurrence) return '';
  return `<t:Recurrence>${patternXml(recurrence.pattern)}${rangeXml(recurrence.range)}</t:Recurrence>`;
}
