// Inline route constraints of ASP.NET routing, which the Functions host uses for HTTP trigger routes. A value that
// fails a constraint makes the route not match (404), exactly like the host. An unknown constraint is an error at
// startup, as in the host ("The constraint reference ... could not be resolved").
export type ConstraintCheck = (value: string) => boolean;

const INT = /^-?\d+$/;
const GUID = /^[{(]?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}[)}]?$/i;
const isNumber = (v: string): boolean => v.trim() !== '' && Number.isFinite(Number(v));

const SIMPLE: Record<string, ConstraintCheck> = {
  int: (v) => INT.test(v) && Math.abs(Number(v)) <= 2 ** 31,
  long: (v) => INT.test(v),
  bool: (v) => /^(true|false)$/i.test(v),
  guid: (v) => GUID.test(v),
  alpha: (v) => /^[a-z]+$/i.test(v),
  decimal: isNumber,
  double: isNumber,
  float: isNumber,
  datetime: (v) => !Number.isNaN(Date.parse(v)),
};

export function constraintCheck(constraint: string, template: string): ConstraintCheck {
  const simple = SIMPLE[constraint.toLowerCase()];
  if (simple) return simple;
  const m = /^(\w+)\((.*)\)$/s.exec(constraint);
  const kind = m?.[1]?.toLowerCase();
  const arg = m?.[2] ?? '';
  const nums = arg.split(',').map((s) => Number(s.trim()));
  const [a = NaN, b = NaN] = nums;
  switch (kind) {
    case 'regex': {
      const re = new RegExp(arg, 'i');
      return (v) => re.test(v);
    }
    case 'minlength':
      return (v) => v.length >= a;
    case 'maxlength':
      return (v) => v.length <= a;
    case 'length':
      return nums.length > 1 ? (v) => v.length >= a && v.length <= b : (v) => v.length === a;
    case 'min':
      return (v) => INT.test(v) && Number(v) >= a;
    case 'max':
      return (v) => INT.test(v) && Number(v) <= a;
    case 'range':
      return (v) => INT.test(v) && Number(v) >= a && Number(v) <= b;
    default:
      throw new Error(`Unknown route constraint "${constraint}" in route "${template}".`);
  }
}
