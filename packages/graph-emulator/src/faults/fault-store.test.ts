import { describe, expect, it } from 'vitest';
import { createFaultStore } from './fault-store.ts';

const target = (route: string, path: string, mailboxKeys: string[] = []) => ({ route, path, mailboxKeys });

describe('createFaultStore', () => {
  it('matches route names, path globs and mailboxes, and fires once by default', () => {
    const store = createFaultStore(() => 0);
    store.add({ type: 'reset', route: '/v1.0/users/*/calendarView/delta' });
    expect(store.take(['reset'], target('delta', '/v1.0/users/a/calendarView'))).toBeUndefined();
    expect(store.take(['reset'], target('delta', '/v1.0/users/a/calendarview/delta'))).toBeDefined();
    expect(store.take(['reset'], target('delta', '/v1.0/users/a/calendarView/delta'))).toBeUndefined();

    store.add({ type: 'status', status: 503, route: 'calendarView', mailbox: 'Adele@Contoso.com', count: 2 });
    expect(store.take(['status'], target('calendarView', '/x', ['megan@contoso.com']))).toBeUndefined();
    expect(store.take(['status'], target('calendarView', '/x', ['adele@contoso.com']))).toMatchObject({
      status: 503,
      fired: 1,
    });
    expect(store.take(['status'], target('calendarView', '/x', ['adele@contoso.com']))).toMatchObject({
      fired: 2,
    });
    expect(store.list()).toEqual([]);
  });

  it('uses the injected random source for probabilities', () => {
    const draws = [0.9, 0.1];
    const store = createFaultStore(() => draws.shift() ?? 0);
    store.add({ type: 'latency', ms: 5, probability: 0.5 });
    expect(store.take(['latency'], target('event', '/'))).toBeUndefined();
    expect(store.take(['latency'], target('event', '/'))).toBeDefined();
    expect(store.list()).toHaveLength(1);
  });

  it('"**" crosses segments', () => {
    const store = createFaultStore(() => 0);
    store.add({ type: 'reset', route: '/v1.0/**' });
    expect(store.take(['reset'], target('places', '/v1.0/places/microsoft.graph.room'))).toBeDefined();
  });
});
