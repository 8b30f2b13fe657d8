import type { EwsFault, EwsFaultSpec } from './types.ts';

/** Faults waiting to fire, matched in the order they were added. */
export class EwsFaultStore {
  private faults: EwsFault[] = [];
  private nextId = 1;

  add(spec: EwsFaultSpec): EwsFault {
    const fault: EwsFault = { ...spec, id: this.nextId++, remaining: spec.count ?? 1 };
    this.faults.push(fault);
    return fault;
  }

  list(): EwsFault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  clear(): void {
    this.faults = [];
  }

  /** Takes the first fault matching this request, counting it down. */
  take(operation: string, mailbox: string | undefined): EwsFault | undefined {
    const fault = this.faults.find(
      (f) =>
        (f.operation === undefined || f.operation.toLowerCase() === operation.toLowerCase()) &&
        (f.mailbox === undefined || f.mailbox.toLowerCase() === mailbox?.toLowerCase()),
    );
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
    return { ...fault };
  }
}
