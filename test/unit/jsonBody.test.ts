import { describe, expect, it } from 'vitest';
import { isJsonMediaType, tooDeep } from '../../shared/http/jsonBody.js';

describe('JSON body limits', () => {
  it.each(['application/json', 'Application/JSON; charset=utf-8', 'application/cloudevents+json', 'application/vnd.x+json'])(
    'takes %s as JSON',
    (type) => expect(isJsonMediaType(type)).toBe(true),
  );
  it.each([null, '', 'text/plain', 'application/jsonx', 'application/x-www-form-urlencoded', 'text/json'])('refuses %j', (type) =>
    expect(isJsonMediaType(type)).toBe(false),
  );

  it('names the field under which a value nests too deep, without recursion', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(tooDeep({ data: { alertContext: { a: deep } } }, 64)).toBe('data.alertContext.a');
    expect(tooDeep(deep, 64)).toBe('[0][0][0]');
    expect(tooDeep({ a: [[{ b: 1 }]] }, 4)).toBeUndefined();
    expect(tooDeep({ a: [[{ b: {} }]] }, 4)).toBe('a[0][0]');
  });
});
