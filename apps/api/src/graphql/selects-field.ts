import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

type SelectionInfo = Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>;

/** The fields named `name` selected directly in `sets` (through inline fragments and fragment spreads). */
function childFields(
  info: SelectionInfo,
  sets: readonly (SelectionSetNode | undefined)[],
  name: string,
): FieldNode[] {
  const found: FieldNode[] = [];
  const seen = new Set<string>();
  const visit = (set: SelectionSetNode | undefined): void => {
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value === name) found.push(selection);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet);
      } else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        visit(info.fragments[selection.name.value]?.selectionSet);
      }
    }
  };
  for (const set of sets) visit(set);
  return found;
}

/**
 * Whether the field being resolved selects the field at `path` below it (`['totalCount']`, or
 * `['nodes', 'currentEvent']` one level further down), through inline fragments and fragment
 * spreads, ignoring @skip/@include: asking for too much only costs a statement, never a wrong
 * answer. Lets a resolver leave out work no one asked for, or fetch ahead what its children need.
 */
export function selectsField(info: SelectionInfo, ...path: [string, ...string[]]): boolean {
  let level: readonly FieldNode[] = info.fieldNodes;
  for (const name of path) {
    level = childFields(
      info,
      level.map((node) => node.selectionSet),
      name,
    );
    if (level.length === 0) return false;
  }
  return true;
}
