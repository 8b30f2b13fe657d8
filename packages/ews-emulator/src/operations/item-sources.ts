import type { GraphEvent } from '@calsync/graph-emulator/calendar';
import type { EwsMailbox } from '../directory/types.ts';
import { encodeItemId, makeChangeKey } from '../mailbox-data/item-ids.ts';
import type { ItemSource } from '../render/calendar-item.ts';
import type { EwsEmulatorState } from '../state.ts';

/**
 * Turns the calendar store's events into what EWS shows: ids that embed the mailbox, and change keys that
 * also move when an occurrence of a series changes (Exchange stores exceptions in the master).
 */
export class ItemSources {
  private readonly masters = new Map<string, GraphEvent | undefined>();

  constructor(
    private readonly state: EwsEmulatorState,
    readonly mailbox: EwsMailbox,
  ) {}

  storedIdOf(event: GraphEvent): string {
    const master = event['seriesMasterId'];
    return typeof master === 'string' && master !== '' ? master : event.id;
  }

  changeKeyOf(event: GraphEvent): string {
    const revision = this.state.calendar.revisionOf(this.mailbox.storeId, this.storedIdOf(event));
    return makeChangeKey(`${String(event['changeKey'])}:${revision}`);
  }

  itemIdOf(eventId: string): string {
    return encodeItemId(this.mailbox.address, eventId);
  }

  source(event: GraphEvent): ItemSource {
    const masterId = event['seriesMasterId'];
    return {
      event,
      itemId: this.itemIdOf(event.id),
      changeKey: this.changeKeyOf(event),
      master: typeof masterId === 'string' && masterId !== '' ? this.master(masterId) : undefined,
      owner: { address: this.mailbox.address, displayName: this.mailbox.displayName },
    };
  }

  private master(id: string): GraphEvent | undefined {
    if (!this.masters.has(id))
      this.masters.set(id, this.state.calendar.getEvent(this.mailbox.storeId, id, 'UTC'));
    return this.masters.get(id);
  }
}
