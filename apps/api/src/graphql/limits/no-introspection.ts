import { GraphQLError, type ASTVisitor, type ValidationContext } from 'graphql';

/**
 * Rejects `__schema` and `__type` (introspection) while allowing `__typename`. Written here
 * rather than graphql's NoSchemaIntrospectionCustomRule, whose instanceof-based type checks
 * fail when the module graph holds both graphql builds (ESM here, CommonJS in mercurius).
 */
export function noIntrospectionRule(context: ValidationContext): ASTVisitor {
  return {
    Field(node) {
      if (node.name.value === '__schema' || node.name.value === '__type') {
        context.reportError(
          new GraphQLError('introspection is disabled on this server', {
            nodes: node,
            extensions: { code: 'FORBIDDEN' },
          }),
        );
      }
    },
  };
}
