// Parses a card with the adaptivecards package (the Microsoft renderer's own object model) and returns every
// validation event it reports: parse errors, unknown element types, version mismatches. Only vitest can import the
// package (its ESM build has extensionless imports), which is why this lives with the tests.
import * as AC from 'adaptivecards';

export function cardProblems(json: unknown): string[] {
  const card = new AC.AdaptiveCard();
  const context = new AC.SerializationContext(new AC.Version(1, 5));
  card.parse(json, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) {
    const e = context.getEventAt(i);
    problems.push(`${AC.ValidationEvent[e.event]}: ${e.message}`);
  }
  const validation = card.validateProperties();
  for (let i = 0; i < validation.validationEvents.length; i++) {
    const e = validation.validationEvents[i]!;
    problems.push(`${AC.ValidationEvent[e.event]}: ${e.message}`);
  }
  return problems;
}
