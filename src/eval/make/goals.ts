/**
 * After reading: the goals make would build. The engine never runs a recipe; without `-n` it
 * checks that each goal has a rule, with `-n` it prints the commands (see `dry-run.ts`).
 */
import { MakeStop, type MakeContext } from './context.js';

/** Decides the goals and checks them, as GNU make does after reading its makefiles. */
export function planGoals(ctx: MakeContext): void {
  const goals = ctx.options.goals.length > 0 ? ctx.options.goals : defaultGoal(ctx);
  if (goals.length === 0) throw new MakeStop(undefined, 'No targets');
  for (const goal of goals) {
    const known = ctx.rules.explicit.some((r) => r.targets.includes(goal));
    const exists = ctx.options.host.stat(goal.startsWith('/') ? goal : `${ctx.options.cwd}/${goal}`) !== undefined;
    if (!known && !exists && !patternCanMake(ctx, goal)) throw new MakeStop(undefined, `No rule to make target '${goal}'`);
  }
}

function defaultGoal(ctx: MakeContext): string[] {
  const v = ctx.globals.get('.DEFAULT_GOAL');
  const goal = v?.value.trim() ?? '';
  return goal === '' ? [] : [goal];
}

function patternCanMake(ctx: MakeContext, goal: string): boolean {
  return ctx.rules.patterns.some((r) => r.targets.some((t) => {
    const i = t.indexOf('%');
    return goal.length >= t.length - 1 && goal.startsWith(t.slice(0, i)) && goal.endsWith(t.slice(i + 1));
  }));
}
