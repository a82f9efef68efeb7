/**
 * A statement and its parameters built together, so a value can never be spliced into SQL text:
 * ``sql`SELECT … WHERE id = ${id}` `` → text with `?` and the value in `params`. An interpolated
 * `Sql` (a fragment) is inlined with its own parameters; `raw` marks fixed text (column names,
 * shared fragments) that is not a value.
 */
import type { SqlValue } from 'sql.js'

export class Sql {
  constructor(
    readonly text: string,
    readonly params: SqlValue[]
  ) {}
}

export function sql(strings: TemplateStringsArray, ...values: (SqlValue | Sql)[]): Sql {
  let text = strings[0]!
  const params: SqlValue[] = []
  values.forEach((v, i) => {
    if (v instanceof Sql) {
      text += v.text
      params.push(...v.params)
    } else {
      text += '?'
      params.push(v)
    }
    text += strings[i + 1]!
  })
  return new Sql(text, params)
}

/** Fixed SQL text, never a value: a column list, a shared fragment, a constant clause. */
export const raw = (text: string): Sql => new Sql(text, [])

/** `IN (…)` over one JSON-array parameter: any number of values, one bound string. */
export const inJson = (values: readonly unknown[]): Sql => sql`IN (SELECT value FROM json_each(${JSON.stringify(values)}))`

/** Fragments joined by fixed text (`' AND '`, `' UNION '`). */
export function joinSql(parts: readonly Sql[], separator: string): Sql {
  return new Sql(
    parts.map((p) => p.text).join(separator),
    parts.flatMap((p) => p.params)
  )
}

/** Each row turned into statement parameters as it is stored, never all of them at once. */
export function* mapRows<T, U>(rows: Iterable<T>, f: (row: T) => U): Generator<U> {
  for (const r of rows) yield f(r)
}
