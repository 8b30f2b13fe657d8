import {
  getIntrospectionQuery,
  GraphQLError,
  Kind,
  parse,
  OperationTypeNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { sizedList, type ArgumentReader, type ListSizing } from './list-sizes.ts';

export interface QueryLimits {
  /** Deepest field nesting (the operation's top-level fields are depth 1). */
  maxDepth: number;
  /** Budget of the cost model below, per operation. */
  maxCost: number;
  /** Aliased fields per document: aliases are how one request asks the same thing N times. */
  maxAliases: number;
  /** Operations per document. */
  maxOperations: number;
  /**
   * Nesting below `__schema`/`__type`, counted apart from `maxDepth`: the standard
   * introspection query walks `ofType` chains deeper than any data query needs, and its
   * size is bounded by the schema, not by the client.
   */
  maxIntrospectionDepth: number;
}

const INTROSPECTION_FIELDS = new Set(['__schema', '__type']);

/** Pages with no `first` and plain lists (attendees, locations) count as this many items. */
const UNSIZED_LIST = 10;

// Type checks by the printed type ("[Event!]!") and duck typing, not graphql's instanceof
// predicates: mercurius loads graphql as CommonJS, and a bundler may hand this module the
// ESM build, whose predicates then reject the schema's types as "from another realm".
function isList(type: GraphQLOutputType): boolean {
  return String(type).replace(/!$/, '').startsWith('[');
}

function compositeNamed(
  schema: GraphQLSchema | undefined,
  type: GraphQLOutputType | string,
): GraphQLCompositeType | undefined {
  const named = schema?.getType(String(type).replace(/[[\]!]/g, ''));
  return named && 'getFields' in named ? (named as GraphQLCompositeType) : undefined;
}

export function tooComplex(message: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'QUERY_TOO_COMPLEX', ...extra } });
}

interface Walk {
  /** Absent when measuring a document on its own (the introspection baseline). */
  schema: GraphQLSchema | undefined;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  /** Fragments on the current path: a cycle (invalid anyway) must not loop forever. */
  visiting: Set<string>;
  /** Whether the measure read any variable: if not, it holds for every request of the document. */
  readVariables: boolean;
}

function argumentValue(node: ValueNode | undefined, walk: Walk): unknown {
  if (!node) return undefined;
  if (node.kind === Kind.VARIABLE) {
    walk.readVariables = true;
    return walk.variables[node.name.value];
  }
  if (node.kind === Kind.INT) return Number(node.value);
  if (node.kind === Kind.STRING) return node.value;
  if (node.kind === Kind.LIST) return node.values.map((v) => argumentValue(v, walk));
  return undefined;
}

function argumentReader(field: FieldNode, walk: Walk): ArgumentReader {
  return (name) => argumentValue(field.arguments?.find((a) => a.name.value === name)?.value, walk);
}

/**
 * How many children one occurrence of the field stands for: a size an ancestor set (`below`) or the
 * field's own sizing (list-sizes.ts), else `first` (given or default) for pages, else a fixed guess.
 */
function multiplier(
  field: FieldNode,
  definition: GraphQLField<unknown, unknown> | undefined,
  parent: GraphQLCompositeType | undefined,
  walk: Walk,
  sized: ListSizing | undefined,
  below: ReadonlyMap<string, number>,
): number {
  const inherited = parent ? below.get(`${parent.name}.${field.name.value}`) : undefined;
  if (inherited !== undefined) return inherited;
  if (sized?.items !== undefined) return sized.items;
  // A connection's items were already counted by `first` on the field that returned it.
  if (parent?.name.endsWith('Connection')) return 1;
  const firstArg = definition?.args.find((a) => a.name === 'first');
  if (firstArg) {
    const given = argumentReader(field, walk)('first');
    const value = typeof given === 'number' ? given : firstArg.defaultValue;
    return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : UNSIZED_LIST;
  }
  return definition && isList(definition.type) ? UNSIZED_LIST : 1;
}

interface Measure {
  cost: number;
  depth: number;
  /** Deepest `__schema`/`__type` subtree, that field included. */
  introspectionDepth: number;
}

const NO_SIZES: ReadonlyMap<string, number> = new Map();

function measureSelections(
  set: SelectionSetNode,
  parent: GraphQLCompositeType | undefined,
  walk: Walk,
  below: ReadonlyMap<string, number> = NO_SIZES,
): Measure {
  let cost = 0;
  let depth = 0;
  let introspectionDepth = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      const fields = parent && 'getFields' in parent ? parent.getFields() : undefined;
      const definition = fields?.[selection.name.value];
      const childType = definition ? compositeNamed(walk.schema, definition.type) : undefined;
      const sized = parent
        ? sizedList(parent.name, selection.name.value, argumentReader(selection, walk))
        : undefined;
      const child = selection.selectionSet
        ? measureSelections(
            selection.selectionSet,
            childType,
            walk,
            sized ? new Map([...below, ...sized.below]) : below,
          )
        : { cost: 0, depth: 0, introspectionDepth: 0 };
      // A list field costs its own call plus one copy of what is asked of each item it may hold.
      cost += 1 + multiplier(selection, definition, parent, walk, sized, below) * child.cost;
      if (INTROSPECTION_FIELDS.has(selection.name.value)) {
        depth = Math.max(depth, 1);
        introspectionDepth = Math.max(introspectionDepth, 1 + child.depth, child.introspectionDepth);
      } else {
        depth = Math.max(depth, 1 + child.depth);
        introspectionDepth = Math.max(introspectionDepth, child.introspectionDepth);
      }
      continue;
    }
    const fragment =
      selection.kind === Kind.INLINE_FRAGMENT ? selection : walk.fragments.get(selection.name.value);
    if (!fragment) continue;
    const name = selection.kind === Kind.FRAGMENT_SPREAD ? selection.name.value : null;
    if (name !== null && walk.visiting.has(name)) continue;
    if (name !== null) walk.visiting.add(name);
    const condition = fragment.typeCondition
      ? compositeNamed(walk.schema, fragment.typeCondition.name.value)
      : parent;
    const inner = measureSelections(fragment.selectionSet, condition ?? parent, walk, below);
    if (name !== null) walk.visiting.delete(name);
    cost += inner.cost;
    depth = Math.max(depth, inner.depth);
    introspectionDepth = Math.max(introspectionDepth, inner.introspectionDepth);
  }
  return { cost, depth, introspectionDepth };
}

function rootType(
  schema: GraphQLSchema | undefined,
  operation: OperationDefinitionNode,
): GraphQLCompositeType | undefined {
  const type =
    operation.operation === OperationTypeNode.MUTATION
      ? schema?.getMutationType()
      : operation.operation === OperationTypeNode.SUBSCRIPTION
        ? schema?.getSubscriptionType()
        : schema?.getQueryType();
  return type ?? undefined;
}

function countAliases(document: DocumentNode): number {
  let aliases = 0;
  const visit = (set: SelectionSetNode): void => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD && selection.alias) aliases++;
      if (selection.kind !== Kind.FRAGMENT_SPREAD && selection.selectionSet) visit(selection.selectionSet);
    }
  };
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION || definition.kind === Kind.FRAGMENT_DEFINITION) {
      visit(definition.selectionSet);
    }
  }
  return aliases;
}

function measureOperations(
  schema: GraphQLSchema | undefined,
  document: DocumentNode,
  variables: Record<string, unknown>,
): { measures: Measure[]; readVariables: boolean } {
  const walk: Walk = {
    schema,
    fragments: new Map(
      document.definitions
        .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
        .map((d) => [d.name.value, d]),
    ),
    variables,
    visiting: new Set(),
    readVariables: false,
  };
  const measures = document.definitions
    .filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)
    .map((operation) => measureSelections(operation.selectionSet, rootType(schema, operation), walk));
  return { measures, readVariables: walk.readVariables };
}

/**
 * How deep graphql's own introspection query (every option on, as GraphiQL and codegen
 * tools send it) nests below `__schema`: derived, so a graphql upgrade that deepens it
 * does not silently break GraphiQL.
 */
const STANDARD_INTROSPECTION_DEPTH = Math.max(
  ...measureOperations(
    undefined,
    parse(
      getIntrospectionQuery({
        descriptions: true,
        specifiedByUrl: true,
        directiveIsRepeatable: true,
        schemaDescription: true,
        inputValueDeprecation: true,
        oneOf: true,
      }),
    ),
    {},
  ).measures.map((m) => m.introspectionDepth),
);

export const DEFAULT_QUERY_LIMITS: QueryLimits = {
  maxDepth: 10,
  maxCost: 50_000,
  maxAliases: 30,
  maxOperations: 5,
  maxIntrospectionDepth: STANDARD_INTROSPECTION_DEPTH,
};

/**
 * Documents whose measure read no variable and passed the default limits: the verdict holds for
 * every request that sends the same document. mercurius hands each request of a cached query the
 * same parsed document object, so a busy query is measured once instead of on every request
 * (docs/scaling.md §Reads); a document that takes `first` from a variable is measured each time.
 */
const passedWithoutVariables = new WeakSet<DocumentNode>();

/**
 * Checks a parsed document against the limits with the request's variables (page sizes may
 * come from variables). Returns the first violation as a QUERY_TOO_COMPLEX error, or null.
 */
export function checkQueryLimits(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | null | undefined,
  limits: QueryLimits = DEFAULT_QUERY_LIMITS,
): GraphQLError | null {
  const cacheable = limits === DEFAULT_QUERY_LIMITS;
  if (cacheable && passedWithoutVariables.has(document)) return null;
  const { violation, readVariables } = measureAgainstLimits(schema, document, variables ?? {}, limits);
  if (cacheable && violation === null && !readVariables) passedWithoutVariables.add(document);
  return violation;
}

function measureAgainstLimits(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown>,
  limits: QueryLimits,
): { violation: GraphQLError | null; readVariables: boolean } {
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  if (operations.length > limits.maxOperations) {
    const violation = tooComplex(`a document may hold at most ${limits.maxOperations} operations`, {
      limit: limits.maxOperations,
    });
    return { violation, readVariables: false };
  }
  const aliases = countAliases(document);
  if (aliases > limits.maxAliases) {
    const violation = tooComplex(`a document may use at most ${limits.maxAliases} aliases`, {
      limit: limits.maxAliases,
    });
    return { violation, readVariables: false };
  }
  const { measures, readVariables } = measureOperations(schema, document, variables);
  return { violation: firstViolation(measures, limits), readVariables };
}

function firstViolation(measures: readonly Measure[], limits: QueryLimits): GraphQLError | null {
  for (const { cost, depth, introspectionDepth } of measures) {
    if (depth > limits.maxDepth) {
      return tooComplex(`the query is nested ${depth} levels deep; the limit is ${limits.maxDepth}`, {
        limit: limits.maxDepth,
      });
    }
    if (introspectionDepth > limits.maxIntrospectionDepth) {
      return tooComplex(
        `the introspection query is nested ${introspectionDepth} levels deep; the limit is ${limits.maxIntrospectionDepth}`,
        { limit: limits.maxIntrospectionDepth },
      );
    }
    if (cost > limits.maxCost) {
      return tooComplex(
        `the query could return about ${cost} fields; the limit is ${limits.maxCost} (lower \`first\`, name fewer addresses or a shorter window, or ask for fewer nested lists)`,
        { cost, limit: limits.maxCost },
      );
    }
  }
  return null;
}
