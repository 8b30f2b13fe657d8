import { z } from 'zod';

/** Graph batches several items per POST; more than this in one body is not Microsoft. */
const MAX_ITEMS = 1_000;

const item = z.looseObject({
  subscriptionId: z.string().min(1).max(200),
  clientState: z.string().max(256).nullish(),
  lifecycleEvent: z.string().max(64).optional(),
});

/** A changeNotificationCollection or lifecycle collection (docs/microsoft-graph.md §5.3, §5.4); extra fields ignored. */
export const notificationCollection = z.object({ value: z.array(z.unknown()).max(MAX_ITEMS) });

export type NotificationItem = z.infer<typeof item>;

/** Splits a collection into well-formed items and the count of malformed ones. */
export function readItems(body: unknown): { items: NotificationItem[]; malformed: number } | undefined {
  const parsed = notificationCollection.safeParse(body);
  if (!parsed.success) return undefined;
  const items: NotificationItem[] = [];
  let malformed = 0;
  for (const raw of parsed.data.value) {
    const one = item.safeParse(raw);
    if (one.success) items.push(one.data);
    else malformed += 1;
  }
  return { items, malformed };
}
