import type { EventInput } from '../calendar/index.ts';
import { localNow, wallTime, weekdayOf } from './local-time.ts';
import { joinFields, pickJoinKind } from './meeting-links.ts';
import { pickInt, pickOne } from './rng.ts';
import type { Rng, SeedOrganisation } from './types.ts';

type Mailbox = SeedOrganisation['mailboxes'][number];
type SeedEvent = SeedOrganisation['events'][number];

const TOPICS = [
  'Design review',
  'Sprint planning',
  '1:1',
  'Customer call',
  'Budget sync',
  'Interview',
  'Retro',
  'Roadmap',
  'Hiring panel',
  'Architecture',
];

interface Meeting {
  room: Mailbox;
  organizer: Mailbox;
  input: EventInput;
  afterCreate?: SeedEvent['afterCreate'];
}

function meetingInput(
  rng: Rng,
  room: Mailbox,
  organizer: Mailbox,
  people: Mailbox[],
  subject: string,
  start: string,
  end: string,
  tenantId: string,
): EventInput {
  const guests = people.filter((p) => p.id !== organizer.id && rng() < 0.3).slice(0, 3);
  return {
    subject,
    start: { dateTime: start, timeZone: room.timeZone },
    end: { dateTime: end, timeZone: room.timeZone },
    showAs: 'busy',
    sensitivity: rng() < 0.1 ? 'private' : 'normal',
    importance: rng() < 0.1 ? 'high' : 'normal',
    location: {
      displayName: room.displayName,
      locationType: 'conferenceRoom',
      uniqueId: room.address,
      uniqueIdType: 'directory',
    },
    organizer: { emailAddress: { name: organizer.displayName, address: organizer.address } },
    attendees: [
      ...guests.map((g) => ({
        type: 'required' as const,
        emailAddress: { name: g.displayName, address: g.address },
      })),
      { type: 'resource' as const, emailAddress: { name: room.displayName, address: room.address } },
    ],
    ...joinFields(rng, pickJoinKind(rng), tenantId, `${subject} in ${room.displayName}`),
  };
}

/** A meeting lands in the room (attendee copy) and in the organiser's calendar (organiser copy). */
function copies(meeting: Meeting): SeedEvent[] {
  const after = meeting.afterCreate === undefined ? {} : { afterCreate: meeting.afterCreate };
  return [
    { mailboxId: meeting.room.id, input: { ...meeting.input, isOrganizer: false }, ...after },
    { mailboxId: meeting.organizer.id, input: { ...meeting.input, isOrganizer: true }, ...after },
  ];
}

function roomMeetings(rng: Rng, now: Date, room: Mailbox, people: Mailbox[], tenantId: string): Meeting[] {
  const local = localNow(now, room.timeZone);
  const organizers = people.filter((p) => p.timeZone === room.timeZone);
  const meetings: Meeting[] = [];
  const add = (dayOffset: number, startMin: number, minutes: number, subject: string) => {
    const organizer = pickOne(rng, organizers.length > 0 ? organizers : people);
    const input = meetingInput(
      rng,
      room,
      organizer,
      people,
      subject,
      wallTime(local.date, dayOffset, startMin),
      wallTime(local.date, dayOffset, startMin + minutes),
      tenantId,
    );
    meetings.push({ room, organizer, input });
  };
  // Something happening now and something next, so "room now/next" has content at any hour.
  const slot = Math.floor(local.minutes / 30) * 30;
  if (rng() < 0.6) add(0, slot - 30, 60, pickOne(rng, TOPICS));
  add(0, slot + 60, pickOne(rng, [30, 60]), pickOne(rng, TOPICS));
  const count = pickInt(rng, 8, 12);
  for (let i = 0; i < count; i++) {
    const day = pickInt(rng, -7, 60);
    if (weekdayOf(local.date, day) % 6 === 0) continue; // weekends stay quiet
    add(day, pickInt(rng, 16, 34) * 30, pickOne(rng, [30, 60, 90, 120]), pickOne(rng, TOPICS));
  }
  return meetings;
}

function seriesMeetings(
  rng: Rng,
  now: Date,
  rooms: Mailbox[],
  people: Mailbox[],
  tenantId: string,
): Meeting[] {
  const meetings: Meeting[] = [];
  const make = (
    room: Mailbox | undefined,
    subject: string,
    dayOffset: number,
    startMin: number,
    minutes: number,
    recurrence: (startDate: string) => NonNullable<EventInput['recurrence']>,
    afterCreate?: SeedEvent['afterCreate'],
  ) => {
    if (room === undefined) return;
    const local = localNow(now, room.timeZone);
    const organizer = pickOne(
      rng,
      people.filter((p) => p.timeZone === room.timeZone),
    );
    const start = wallTime(local.date, dayOffset, startMin);
    const input = meetingInput(
      rng,
      room,
      organizer,
      people,
      subject,
      start,
      wallTime(local.date, dayOffset, startMin + minutes),
      tenantId,
    );
    input.recurrence = recurrence(start.slice(0, 10));
    meetings.push({ room, organizer, input, afterCreate });
  };
  const byZone = (zone: string) => rooms.filter((r) => r.timeZone === zone);
  const [berlin1, berlin2] = byZone('Europe/Berlin');
  const [ny1, ny2] = byZone('America/New_York');
  const [tokyo1, tokyo2] = byZone('Asia/Tokyo');
  const weekly =
    (days: ('monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday')[], interval = 1) =>
    (startDate: string) => ({
      pattern: { type: 'weekly' as const, interval, daysOfWeek: days, firstDayOfWeek: 'monday' as const },
      range: { type: 'noEnd' as const, startDate },
    });
  make(berlin1, 'Team standup', -14, 9 * 60, 15, weekly(['monday', 'wednesday', 'friday']), [
    { kind: 'cancelOccurrence', occurrenceIndex: 7 },
    { kind: 'editOccurrence', occurrenceIndex: 9, patch: { subject: 'Team standup (demo day)' } },
  ]);
  make(berlin2, 'All hands', -30, 16 * 60, 60, (startDate) => ({
    pattern: { type: 'relativeMonthly', interval: 1, daysOfWeek: ['tuesday'], index: 'second' },
    range: { type: 'numbered', startDate, numberOfOccurrences: 6 },
  }));
  make(
    ny1,
    'Pipeline review',
    -7,
    10 * 60,
    45,
    (startDate) => ({
      ...weekly(['tuesday', 'thursday'], 2)(startDate),
      range: { type: 'endDate', startDate, endDate: wallTime(startDate, 90, 0).slice(0, 10) },
    }),
    [
      {
        kind: 'editOccurrence',
        occurrenceIndex: 2,
        patch: { subject: 'Pipeline review (agenda changed)', showAs: 'tentative' },
      },
    ],
  );
  make(ny2, 'Last-Friday social', -20, 17 * 60, 90, (startDate) => ({
    pattern: { type: 'relativeMonthly', interval: 1, daysOfWeek: ['friday'], index: 'last' },
    range: { type: 'noEnd', startDate },
  }));
  make(
    tokyo1,
    'Onboarding bootcamp',
    2,
    10 * 60,
    120,
    (startDate) => ({
      pattern: { type: 'daily', interval: 1 },
      range: { type: 'numbered', startDate, numberOfOccurrences: 5 },
    }),
    [{ kind: 'cancelOccurrence', occurrenceIndex: 3 }],
  );
  make(tokyo2, 'Budget review', -40, 14 * 60, 60, (startDate) => ({
    pattern: { type: 'absoluteMonthly', interval: 1, dayOfMonth: Number(startDate.slice(8, 10)) },
    range: { type: 'noEnd', startDate },
  }));
  return meetings;
}

function personalEvents(rng: Rng, now: Date, people: Mailbox[]): SeedEvent[] {
  const events: SeedEvent[] = [];
  for (const person of people) {
    const local = localNow(now, person.timeZone);
    const self = { emailAddress: { name: person.displayName, address: person.address } };
    const allDay = (
      subject: string,
      fromDay: number,
      days: number,
      extra: Partial<EventInput>,
    ): EventInput => ({
      subject,
      isAllDay: true,
      start: { dateTime: wallTime(local.date, fromDay, 0), timeZone: person.timeZone },
      end: { dateTime: wallTime(local.date, fromDay + days, 0), timeZone: person.timeZone },
      organizer: self,
      isOrganizer: true,
      ...extra,
    });
    events.push({
      mailboxId: person.id,
      input: allDay('Out of office', pickInt(rng, 3, 40), 1, { showAs: 'oof' }),
    });
    if (rng() < 0.5)
      events.push({
        mailboxId: person.id,
        input: allDay('Team offsite', pickInt(rng, 5, 50), 3, { showAs: 'workingElsewhere' }),
      });
    const day = pickInt(rng, -5, 30);
    events.push({
      mailboxId: person.id,
      input: {
        subject: 'Doctor appointment',
        sensitivity: 'private',
        start: { dateTime: wallTime(local.date, day, 8 * 60), timeZone: person.timeZone },
        end: { dateTime: wallTime(local.date, day, 9 * 60), timeZone: person.timeZone },
        organizer: self,
        isOrganizer: true,
        showAs: 'busy',
      },
    });
  }
  return events;
}

/** All events of the default organisation, relative to `now` (-7 .. +60 days). */
export function buildContosoEvents(rng: Rng, now: Date, mailboxes: Mailbox[], tenantId: string): SeedEvent[] {
  const rooms = mailboxes.filter((m) => m.kind === 'room');
  const people = mailboxes.filter((m) => m.kind === 'user' && m.restEnabled);
  const meetings = [
    ...rooms.flatMap((room) => roomMeetings(rng, now, room, people, tenantId)),
    ...seriesMeetings(rng, now, rooms, people, tenantId),
  ];
  const events = meetings.flatMap(copies);
  for (const equipment of mailboxes.filter((m) => m.kind === 'equipment')) {
    const local = localNow(now, equipment.timeZone);
    const organizer = pickOne(rng, people);
    events.push({
      mailboxId: equipment.id,
      input: {
        subject: `Reserved by ${organizer.displayName}`,
        start: { dateTime: wallTime(local.date, 1, 9 * 60), timeZone: equipment.timeZone },
        end: { dateTime: wallTime(local.date, 1, 12 * 60), timeZone: equipment.timeZone },
        organizer: { emailAddress: { name: organizer.displayName, address: organizer.address } },
        isOrganizer: false,
      },
    });
  }
  return [...events, ...personalEvents(rng, now, people)];
}
