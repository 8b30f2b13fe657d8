import { describe, expect, it } from 'vitest';
import { parseSettings, roomZone, type BoardSettings } from './settings.ts';

describe('board settings from the URL fragment', () => {
  it('take rooms by address, lower-cased, with the zone and title', () => {
    expect(
      parseSettings(
        '#key=csk_x&rooms=Room-A@contoso.com, room-b@contoso.com&tz=Asia/Tokyo&title=Floor 3',
        'UTC',
      ),
    ).toEqual({
      apiKey: 'csk_x',
      addresses: ['room-a@contoso.com', 'room-b@contoso.com'],
      roomList: null,
      timeZone: 'Asia/Tokyo',
      fixedZone: 'Asia/Tokyo',
      title: 'Floor 3',
    });
  });

  it('take the rooms of a room list instead', () => {
    const settings = parseSettings('#key=csk_x&list=Building-2@contoso.com', 'Europe/Berlin');
    expect(settings).toMatchObject({
      addresses: [],
      roomList: 'building-2@contoso.com',
      timeZone: 'Europe/Berlin',
      fixedZone: null,
    });
  });

  it('show each room in its own zone unless tz names one for all', () => {
    const own = parseSettings('#key=csk_x&rooms=a@contoso.com', 'Europe/Berlin') as BoardSettings;
    expect(roomZone(own, 'Asia/Tokyo')).toBe('Asia/Tokyo');
    // A room whose zone is not known yet (not synced) falls back to the display's.
    expect(roomZone(own, null)).toBe('Europe/Berlin');
    const fixed = parseSettings('#key=csk_x&rooms=a@contoso.com&tz=UTC', 'Europe/Berlin') as BoardSettings;
    expect(roomZone(fixed, 'Asia/Tokyo')).toBe('UTC');
  });

  it('explain what is missing or wrong', () => {
    expect(parseSettings('#rooms=a@contoso.com', 'UTC')).toMatch(/read-only API key/);
    expect(parseSettings('#key=csk_x', 'UTC')).toMatch(/list=<room list address>/);
    expect(parseSettings('#key=csk_x&rooms=a@contoso.com&tz=Mars/Olympus', 'UTC')).toBe(
      'Unknown time zone Mars/Olympus',
    );
  });
});
