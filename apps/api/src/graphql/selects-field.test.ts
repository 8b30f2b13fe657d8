import { Kind, parse, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { selectsField } from './selects-field.ts';

/** The resolve info of the query's first top-level field. */
function infoOf(query: string) {
  const document = parse(query);
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  )!;
  const fragments = Object.fromEntries(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
  const field = operation.selectionSet.selections[0]!;
  if (field.kind !== Kind.FIELD) throw new Error('first selection must be a field');
  return { fieldNodes: [field], fragments };
}

describe('selectsField', () => {
  it('sees a field selected directly, in an inline fragment or in a fragment spread', () => {
    expect(selectsField(infoOf('{ mailboxes { totalCount } }'), 'totalCount')).toBe(true);
    expect(
      selectsField(infoOf('{ mailboxes { ... on MailboxConnection { totalCount } } }'), 'totalCount'),
    ).toBe(true);
    const spread =
      '{ mailboxes { ...Page } } fragment Page on MailboxConnection { nodes { id } ...Total } fragment Total on MailboxConnection { totalCount }';
    expect(selectsField(infoOf(spread), 'totalCount')).toBe(true);
  });

  it('does not see a field that is absent or only selected deeper down', () => {
    expect(selectsField(infoOf('{ mailboxes { nodes { address } } }'), 'totalCount')).toBe(false);
    expect(selectsField(infoOf('{ mailboxes { nodes { events { totalCount } } } }'), 'totalCount')).toBe(
      false,
    );
    expect(selectsField(infoOf('{ mailboxes { ...Missing } }'), 'totalCount')).toBe(false);
  });

  it('stops at a fragment cycle (refused by validation anyway)', () => {
    const cycle =
      '{ mailboxes { ...A } } fragment A on MailboxConnection { ...B } fragment B on MailboxConnection { ...A }';
    expect(selectsField(infoOf(cycle), 'totalCount')).toBe(false);
  });
});

describe('selectsField along a path', () => {
  it('follows a path of fields, each level through fragments', () => {
    const query =
      '{ mailboxes { nodes { address } ...Rooms } } fragment Rooms on MailboxConnection { nodes { ... on Mailbox { currentEvent { id } } } }';
    expect(selectsField(infoOf(query), 'nodes', 'currentEvent')).toBe(true);
    expect(selectsField(infoOf(query), 'nodes', 'nextEvent')).toBe(false);
    expect(selectsField(infoOf('{ mailboxes { totalCount } }'), 'nodes', 'currentEvent')).toBe(false);
  });
});
