/** Thrown when an event or occurrence id is unknown in the mailbox (Graph: 404 ErrorItemNotFound). */
export class EventNotFoundError extends Error {
  constructor(eventId: string) {
    super(`The specified object was not found in the store. (${eventId})`);
    this.name = 'EventNotFoundError';
  }
}

/** Thrown for input Graph would reject with 400 (bad time zone, bad recurrence, end before start...). */
export class InvalidEventInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidEventInputError';
  }
}
