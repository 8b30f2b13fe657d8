import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const bundle = readFileSync(new URL('../apps/api/src/board/board.js', import.meta.url), 'utf8');
const operations = [...bundle.matchAll(/\b(query|mutation|subscription) ([A-Z]\w*)/g)].map((m) => m[2]);

describe('the committed board bundle (scripts/build-board.ts)', () => {
  it("carries only the board's own operations: the SDK's documents are tree-shaken", () => {
    expect(new Set(operations)).toEqual(new Set(['BoardRoom', 'BoardRoomList', 'Events', 'EventChanged']));
  });
});
