/**
 * A fact table as it stood at a moment: rows created before it and not closed by then are open,
 * in the last stage they had entered before it (from the history); rows closed before it keep
 * their status; rows not created yet have none. Snapshot measures over this table answer "open
 * pipeline at the end of the period" instead of "now".
 */
import type { AsOfDef, FactDef } from '../catalog.ts';
import { and, bin, caseWhen, col, dateLit, eq, fn, isNull, lit } from '../sql/ast.ts';
import { printFrom } from '../sql/print.ts';
import { select, sub, table, type FromItem } from '../sql/stmt.ts';

/** `(SELECT … ) AS "<fact table>"`, a drop-in for the table in FROM. `until` is exclusive. */
export function factAsOfItem(fact: FactDef & { asOf: AsOfDef }, until: string): FromItem {
  const a = fact.asOf;
  const t = dateLit(until);
  const d = (c: string) => col('d', c);
  const status = caseWhen(
    [
      [
        and(
          bin('OR', isNull(d(a.created)), bin('<', d(a.created), t)),
          bin('OR', isNull(d(a.closed)), bin('>=', d(a.closed), t)),
        ),
        lit(a.open),
      ],
      [bin('<', d(a.closed), t), d(a.status)],
    ],
    null,
  );
  const history = select(
    [
      [col(null, a.historyKey), '_k'],
      [fn('arg_max', col(null, a.historyStage), col(null, a.historyAt)), '_stage'],
    ],
    table(a.history),
    { where: bin('<', col(null, a.historyAt), t), groupBy: [col(null, a.historyKey)] },
  );
  return sub(
    {
      kind: 'select',
      columns: [
        {
          kind: 'all',
          table: 'd',
          replace: [
            [status, a.status],
            [fn('coalesce', col('h', '_stage'), d(a.stage)), a.stage],
          ],
        },
      ],
      from: table(fact.table, 'd'),
      joins: [{ type: 'LEFT', item: sub(history, 'h'), on: eq(col('h', '_k'), d(a.key)) }],
    },
    fact.table,
  );
}

/** {@link factAsOfItem} as text, for the builders that still assemble their FROM clause. */
export function factAsOf(fact: FactDef & { asOf: AsOfDef }, until: string): string {
  return printFrom(factAsOfItem(fact, until), '  ');
}

/** Whether a snapshot group over this fact is evaluated as of a period end. */
export function hasAsOf(fact: FactDef): fact is FactDef & { asOf: AsOfDef } {
  return fact.asOf !== undefined;
}
