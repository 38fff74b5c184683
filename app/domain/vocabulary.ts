/**
 * Membership in a fixed vocabulary (a readonly tuple of literals: organization types, a
 * machine's group of states …). A literal tuple's `includes` accepts only its own members, so
 * checking a plain string against it would need a cast; this narrows the string instead.
 */
export function isOneOf<Value extends string>(values: readonly Value[], value: string | null | undefined): value is Value {
  return values.some((member) => member === value);
}
