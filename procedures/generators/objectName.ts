import {
  alwaysQuotedIdentifier,
  type QualifiedName,
  qualifiedName,
  splitQualifiedName,
} from '../sql/identifiers.js';

interface NameInput {
  name?: string;
  database_name?: string;
  schema_name?: string;
}

/** The object's name: `name` (possibly qualified) or the default, qualified by database_name/schema_name when given. */
export function objectName(input: NameInput, defaultName: string): QualifiedName {
  const own = input.name === undefined ? [defaultName] : splitQualifiedName(input.name);
  if (own.length > 1) return qualifiedName(own);
  const prefix = [input.database_name, input.schema_name].filter((p): p is string => p !== undefined);
  return qualifiedName([...prefix, ...own]);
}

/** A referenced object's name: as given, or the default in the same database/schema as `owner`. */
export function referenceName(
  given: string | undefined,
  defaultName: string,
  owner: QualifiedName,
): QualifiedName {
  if (given !== undefined) return qualifiedName(splitQualifiedName(given));
  // Defaults are plain upper-case words, and owner parts are stored names: re-quote them as stored names.
  const qualifiers = owner.parts.slice(0, -1).map(alwaysQuotedIdentifier);
  return qualifiedName([...qualifiers, defaultName]);
}
