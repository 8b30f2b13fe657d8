import {
  BoardRoomDocument,
  BoardRoomListDocument,
  createCalsyncClient,
  EventChangedDocument,
  EventsDocument,
  type CalsyncClient,
} from '@calsync/client';
import { formatClock, renderRoom } from './render.ts';
import { roomState, type BoardEvent } from './room-state.ts';
import { parseSettings, roomZone, type BoardSettings } from './settings.ts';

interface Room {
  id: string | null;
  address: string;
  name: string;
  /** The mailbox's own IANA zone, once read. */
  timeZone: string | null;
  events: Map<string, BoardEvent>;
}

const HOUR = 3_600_000;
const byId = (id: string) => document.getElementById(id)!;

class Board {
  private rooms: Room[];
  private lastUpdated: Date | null = null;
  private offline = false;
  private readonly client: CalsyncClient;

  constructor(private readonly settings: BoardSettings) {
    this.rooms = settings.addresses.map((address) => ({
      id: null,
      address,
      name: address,
      timeZone: null,
      events: new Map(),
    }));
    this.client = createCalsyncClient({
      url: location.origin,
      apiKey: settings.apiKey,
      // A wall display never gives up: graphql-ws retries with back-off until the API is back.
      retryAttempts: Number.POSITIVE_INFINITY,
      onConnectionChange: (state) => this.connectionChanged(state),
    });
  }

  async start(): Promise<void> {
    await this.load();
    void this.follow();
    // Re-render as the clock moves (local only: the data arrives through the subscription).
    setInterval(() => this.render(), 15_000);
  }

  /** The window around now, read once at start and again after every reconnect. */
  private async load(): Promise<void> {
    if (this.settings.roomList) {
      // A room list's rooms as the directory has them now (rooms join and leave lists).
      const { mailboxes } = await this.client.request(BoardRoomListDocument, {
        roomList: this.settings.roomList,
      });
      this.rooms = mailboxes.nodes.map((m) => ({
        id: m.id,
        address: m.address,
        name: m.displayName ?? m.address,
        timeZone: m.timeZone,
        events: new Map(),
      }));
    }
    for (const room of this.rooms.filter((r) => this.settings.addresses.includes(r.address))) {
      const { mailbox } = await this.client.request(BoardRoomDocument, { address: room.address });
      room.id = mailbox?.id ?? null;
      room.name = mailbox?.displayName ?? room.address;
      room.timeZone = mailbox?.timeZone ?? null;
      room.events.clear();
    }
    const now = Date.now();
    const events = this.client.paginate(
      EventsDocument,
      {
        addresses: this.rooms.map((r) => r.address),
        start: new Date(now - 12 * HOUR).toISOString(),
        end: new Date(now + 36 * HOUR).toISOString(),
        first: 500,
      },
      (d) => d.events,
    );
    for await (const event of events) this.roomOf(event.mailbox.id)?.events.set(event.id, event);
    this.lastUpdated = new Date();
    this.render();
  }

  private async follow(): Promise<void> {
    const mailboxIds = this.rooms.flatMap((r) => (r.id ? [r.id] : []));
    try {
      for await (const { eventChanged } of this.client.subscribe(EventChangedDocument, { mailboxIds })) {
        const room = this.roomOf(eventChanged.mailboxId);
        if (!room) continue;
        if (eventChanged.event) room.events.set(eventChanged.eventId, eventChanged.event);
        else room.events.delete(eventChanged.eventId);
        this.lastUpdated = new Date();
        this.render();
      }
    } catch {
      this.connectionChanged('closed');
      setTimeout(() => void this.follow(), 5_000);
    }
  }

  private connectionChanged(state: 'connecting' | 'connected' | 'closed'): void {
    if (state === 'closed' && !this.offline) {
      this.offline = true;
      this.render();
    } else if (state === 'connected' && this.offline) {
      // Changes made while offline were not pushed: read the window again, then go live.
      this.load().then(
        () => {
          this.offline = false;
          this.render();
        },
        () => undefined,
      );
    }
  }

  private roomOf(mailboxId: string): Room | undefined {
    return this.rooms.find((r) => r.id === mailboxId);
  }

  private render(): void {
    const now = new Date();
    const { timeZone } = this.settings;
    byId('clock').textContent = formatClock(now, timeZone);
    const banner = byId('offline');
    banner.hidden = !this.offline;
    banner.textContent = `Offline — last updated ${this.lastUpdated ? formatClock(this.lastUpdated, timeZone) : 'never'}`;
    document.body.classList.toggle('offline', this.offline);
    byId('rooms').replaceChildren(
      ...this.rooms.map((room) =>
        renderRoom(
          { address: room.address, name: room.name, state: roomState([...room.events.values()], now) },
          roomZone(this.settings, room.timeZone),
          now,
          timeZone,
        ),
      ),
    );
  }
}

const settings = parseSettings(location.hash, Intl.DateTimeFormat().resolvedOptions().timeZone);
if (typeof settings === 'string') {
  byId('rooms').textContent = settings;
} else {
  document.title = settings.title;
  byId('title').textContent = settings.title;
  new Board(settings).start().catch((error: unknown) => {
    byId('rooms').textContent =
      `Cannot load the rooms: ${error instanceof Error ? error.message : String(error)}`;
  });
}
