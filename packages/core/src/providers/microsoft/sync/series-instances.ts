import type { Logger } from '../../../observability/index.ts';
import type { PageAction } from '../../../sync/page-changes.ts';
import type { SourceEvent } from '../../../sync/source-event.ts';
import type { SyncWindow } from '../../../sync/sync-window.ts';
import { classifyMicrosoftFailure } from '../classify-failure.ts';
import { graphEventPageSchema, readGraphEvent, type GraphEventDto } from '../events/event-dto.ts';
import { mapGraphEvent } from '../events/map-event.ts';
import type { GraphCaller } from './graph-caller.ts';

export interface SeriesInstancesOptions {
  caller: GraphCaller;
  /** `/users/{id}` of the mailbox, URL-encoded. */
  userPath: string;
  headers: Record<string, string>;
  maskPrivate: boolean;
  logger: Logger;
  mailboxId: string;
}

/**
 * Re-reads one series in the sync window through `/events/{masterId}/instances` (docs/microsoft-graph.md
 * §9.3): real delta sends a changed master but not the occurrences an edit or a deletion made vanish, so
 * the series' rows are replaced by what Graph answers now, each occurrence with its own iCalUId. A master
 * Graph no longer has takes its occurrences with it.
 */
export function createSeriesInstancesReader(options: SeriesInstancesOptions) {
  async function readPages(masterId: string, window: SyncWindow): Promise<GraphEventDto[] | null> {
    const query = new URLSearchParams({
      startDateTime: window.start.toISOString(),
      endDateTime: window.end.toISOString(),
    });
    let url: string | undefined =
      `${options.userPath}/events/${encodeURIComponent(masterId)}/instances?${query.toString()}`;
    const events: GraphEventDto[] = [];
    while (url) {
      let body: unknown;
      try {
        body = (await options.caller.get<unknown>(url, options.headers)).body;
      } catch (err) {
        if (classifyMicrosoftFailure(err).kind === 'item-missing') return null;
        throw err;
      }
      const page = graphEventPageSchema.parse(body);
      for (const raw of page.value) {
        const event = readGraphEvent(raw);
        if (event) events.push(event);
        else options.logger.warn({ mailboxId: options.mailboxId, masterId }, 'skipped an invalid instance');
      }
      url = page['@odata.nextLink'];
    }
    return events;
  }

  async function readSeries(master: GraphEventDto, window: SyncWindow): Promise<PageAction> {
    const instances = await readPages(master.id, window);
    if (instances === null) return { kind: 'remove', sourceId: master.id };
    const rows: SourceEvent[] = [];
    for (const instance of instances) {
      const mapped = mapGraphEvent(instance, { master, maskPrivate: options.maskPrivate });
      if (mapped.ok) rows.push(mapped.row);
      else
        options.logger.warn(
          { mailboxId: options.mailboxId, sourceId: instance.id, reason: mapped.reason },
          'skipped an instance that cannot be mapped',
        );
    }
    return { kind: 'replace-series', seriesMasterId: master.id, rows };
  }

  return { readSeries };
}

export type SeriesInstancesReader = ReturnType<typeof createSeriesInstancesReader>;
