import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionTenant, startTrustedEmulator } from '../testing/trusted-emulator.ts';
import type { ProvisionedTenant, TrustedEmulator } from '../testing/trusted-emulator.ts';

// Least privilege: Calendars.ReadBasic.All reads events without body (and what derives from it).
const WINDOW = 'startDateTime=2030-01-01T00:00:00Z&endDateTime=2030-02-01T00:00:00Z';
let t: TrustedEmulator;
let basic: ProvisionedTenant;
let full: ProvisionedTenant;

beforeAll(async () => {
  t = await startTrustedEmulator({ seed: false, now: new Date('2029-12-20T00:00:00Z') });
  basic = await provisionTenant(t, 'Basic', ['Calendars.ReadBasic.All']);
  full = await provisionTenant(t, 'Full', ['Calendars.Read']);
  for (const org of [basic, full]) {
    await t.emu.control.createEvent(org.mailboxes.adele, {
      subject: 'Design review',
      start: { dateTime: '2030-01-07T09:00:00', timeZone: 'UTC' },
      end: { dateTime: '2030-01-07T10:00:00', timeZone: 'UTC' },
      body: { contentType: 'html', content: '<p>Join: https://teams.microsoft.com/l/meetup-join/abc</p>' },
    });
  }
});
afterAll(() => t.stop());

const firstEvent = async (org: ProvisionedTenant, path: string): Promise<Record<string, unknown>> => {
  const res = await t.get(`/v1.0/users/${org.mailboxes.adele}/${path}?${WINDOW}`, org.token);
  expect(res.status).toBe(200);
  return (res.json as { value: Array<Record<string, unknown>> }).value[0]!;
};

describe('Calendars.ReadBasic.All', () => {
  it('answers calendarView and delta without body and bodyPreview; the rest is there', async () => {
    for (const path of ['calendarView', 'calendarView/delta']) {
      const event = await firstEvent(basic, path);
      expect(event).toMatchObject({ subject: 'Design review', type: 'singleInstance' });
      expect(event).not.toHaveProperty('body');
      expect(event).not.toHaveProperty('bodyPreview');
    }
  });

  it('GET /events/{id} leaves the body out too', async () => {
    const { id } = await firstEvent(basic, 'calendarView');
    const res = await t.get(`/v1.0/users/${basic.mailboxes.adele}/events/${String(id)}`, basic.token);
    expect(res.status).toBe(200);
    expect(res.json).not.toHaveProperty('body');
  });

  it('Calendars.Read still gets the body', async () => {
    const event = await firstEvent(full, 'calendarView');
    expect(event.body).toMatchObject({ contentType: 'html' });
  });
});
