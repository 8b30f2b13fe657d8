import { describe, expect, it } from 'vitest';
import { toRoomDetails } from './graph-room-directory.ts';

// docs/microsoft-graph.md §6.3: the room resource and the place-list sample disagree on some names and types.
describe('toRoomDetails', () => {
  it('reads the documented sample: capacity as a string, isWheelchairAccessible, displayDevice', () => {
    const room = toRoomDetails('cf100@contoso.com', {
      emailAddress: 'cf100@contoso.com',
      displayName: 'Conf Room 100',
      capacity: '50',
      building: '1',
      floorNumber: 1,
      isWheelchairAccessible: false,
      bookingType: 'standard',
      tags: ['bean bags'],
      audioDeviceName: null,
      videoDeviceName: null,
      displayDevice: 'surface hub',
      nickname: 'Conf Room',
      label: '100',
      geoCoordinates: { latitude: 47.64, longitude: -122.13 },
    });
    expect(room).toEqual({
      address: 'cf100@contoso.com',
      displayName: 'Conf Room 100',
      capacity: 50,
      building: '1',
      floorNumber: 1,
      floorLabel: null,
      bookingType: 'STANDARD',
      isWheelChairAccessible: false,
      audioDeviceName: null,
      videoDeviceName: null,
      displayDeviceName: 'surface hub',
      tags: ['bean bags'],
      nickname: 'Conf Room',
      label: '100',
      geoCoordinates: { latitude: 47.64, longitude: -122.13 },
    });
  });

  it('reads the resource names and drops what it cannot trust', () => {
    const room = toRoomDetails('r@contoso.com', {
      capacity: 12.5,
      isWheelChairAccessible: true,
      displayDeviceName: 'Hub',
      bookingType: 'Reserved',
      tags: ['ok', '', 7],
      building: '  ',
      geoCoordinates: { latitude: '1', longitude: 2 },
    });
    expect(room).toMatchObject({
      capacity: null,
      isWheelChairAccessible: true,
      displayDeviceName: 'Hub',
      bookingType: 'RESERVED',
      tags: ['ok'],
      building: null,
      geoCoordinates: null,
    });
    expect(toRoomDetails('x@contoso.com', { bookingType: 'unknownFutureValue' }).bookingType).toBe('UNKNOWN');
  });
});
