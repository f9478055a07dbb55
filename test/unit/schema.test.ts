import {
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isScalarType,
  isSpecifiedScalarType,
  isUnionType,
  parse,
  validate,
} from 'graphql';
import { buildGatewaySchema } from '../../src/schema/load';
import { readSchemaSdl } from '../helpers/project';
import { SANDBOX_DOCUMENT } from '../../src/server/sandbox';

const schema = buildGatewaySchema(readSchemaSdl());

/** Types federation adds (_Service, _Entity, _Any, link__*, federation__*) are not ours to describe. */
function ours(name: string): boolean {
  return !name.startsWith('_') && !name.startsWith('link__') && !name.startsWith('federation__');
}

describe('schema.graphql', () => {
  it('describes every type, field, argument, input field and enum value for Sandbox users', () => {
    const missing: string[] = [];
    const need = (where: string, description: string | null | undefined) => {
      if (!description || description.trim().length < 3) missing.push(where);
    };
    for (const type of Object.values(schema.getTypeMap())) {
      if (!ours(type.name) || (isScalarType(type) && isSpecifiedScalarType(type))) continue;
      need(type.name, type.description);
      if (isObjectType(type) || isInterfaceType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!ours(field.name)) continue;
          need(`${type.name}.${field.name}`, field.description);
          for (const arg of field.args) need(`${type.name}.${field.name}(${arg.name})`, arg.description);
        }
      } else if (isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) need(`${type.name}.${field.name}`, field.description);
      } else if (isEnumType(type)) {
        for (const value of type.getValues()) need(`${type.name}.${value.name}`, value.description);
      } else if (isUnionType(type)) {
        // A union has no fields of its own; its description is checked above.
      }
    }
    expect(missing).toEqual([]);
  });

  it('has the example operations Sandbox opens with, all valid', () => {
    expect(validate(schema, parse(SANDBOX_DOCUMENT))).toEqual([]);
  });
});
