/**
 * English templates of the messages about reports: compile errors, notes beside a result, and
 * why a spec, a link or a saved report was refused. See `message.ts` for the placeholders.
 */

/** Every error the compilers raise (`CompileError`), by code: the set is enumerable. */
export const compileErrorsEn = {
  compile_compareNeedsPeriod: 'a comparison needs a period: choose one, or turn the comparison off',
  compile_twoColumns:
    "'{key}' would be two columns of the result: remove the dimension or the measure",
  compile_twoColumnsCase:
    "'{key}' would be two columns of the result (as '{other}': names ignore case): remove the dimension or the measure",
  compile_periodNeedsGrain: "'{field}' needs a grain (day, week, month, quarter, year)",
  compile_noGrain: "'{field}' is not a date, it has no grain",
  compile_noBins: "'{field}' is not a number, it cannot be binned",
  compile_binsOrder: "bins of '{field}' must be ascending finite numbers",
  compile_dimensionTwice: "dimension '{key}' is used twice",
  compile_ratioOfRatios: "measure '{measure}': a ratio of ratios is not supported",
  compile_noMeasure: 'choose at least one measure',
  compile_measureTwice: "measure '{measure}' is used twice",
  compile_notDateField: "'{field}' is not a date field",
  compile_cannotSort: "cannot sort by '{key}': not a column of this report",
  compile_filterNotNumber: "filter on '{field}': {value} is not a number",
  compile_filterNotDate: "filter on '{field}': {value} is not a date (YYYY-MM-DD)",
  compile_filterValues: "filter '{op}' on '{field}' needs {n} value(s)",
  compile_unknownField: "unknown field '{id}'",
  compile_unknownFieldNear: "unknown field '{id}' (did you mean {near}?)",
  compile_unknownFact: "unknown fact table '{id}'",
  compile_unknownMeasure: "unknown measure '{id}'",
  compile_unknownMeasureNear: "unknown measure '{id}' (did you mean {near}?)",
  compile_periodNotColumn:
    "measure '{measure}': '{field}' is each measure's own date, not a column",
  compile_fieldNotNumber: "measure '{measure}': field '{field}' is not a number",
  compile_noFact: 'the catalog has no fact table',
  compile_unreachable: "fact '{fact}' cannot reach table '{table}'",
  compile_noDate: "'{fact}' cannot be counted by date '{field}'",
  compile_notListable: "'{key}' is not a value of this report that lists rows",
  compile_drillPage: 'drill: limit must be a positive whole number and offset a whole number ≥ 0',
  compile_noPrevious: "'{measure}' has no previous period",
  compile_drillSort: "cannot sort the list by '{key}': not one of its columns",
  compile_drillCell: "drill: the row clicked has no value for '{key}'",
  compile_drillStatus: "drill: '{status}' is not a client status",
  compile_periodHere: "'{field}' has no meaning here: use a date field such as created_at",
  compile_badHorizon:
    "horizon '{horizon}': expected a number of months or weeks such as 3m or 12w (1 to 36)",
  compile_funnelNoStages: 'the funnel needs the stage order, and this dataset has no stages',
  compile_unknownPipeline: "unknown pipeline '{pipeline}' (pipelines: {pipelines})",
  compile_pipelineEmpty: "pipeline '{pipeline}' has no open or won stages",
  compile_ltvEdges: 'revenue bucket edges must be ascending finite numbers',
  compile_driversNeedsCompare:
    'drivers of change needs a period and a comparison (previous period or last year)',
  compile_driversOneMeasure: 'drivers of change explains one measure at a time, not {n}',
  compile_driversMeasure:
    "'{measure}' cannot be split into contributions: choose a sum or count (revenue, won, deals, pipeline…) or a rate (win rate, average deal)",
  compile_driversColumns:
    'drivers of change ranks members of row dimensions only: clear the columns',
  compile_driversDims: 'drivers of change takes one dimension or a pair of two, not {n}',
  compile_driversField:
    "'{field}' is not a category: drivers of change ranks text and yes/no fields, without grain or bins",
  compile_driversNoFields: 'this data has no text field to rank members of',
} as const;

export const reportMessagesEn = {
  ...compileErrorsEn,
  raw: '{text}',
  sentences: '{a}; {b}',
  // notes beside a result
  note_notCompared: '{measures}: a snapshot of now, not compared',
  note_cannotSplit: "{measures} cannot be split by '{key}'",
  note_filterNotApplied: "filter on '{field}' does not apply to {measures}",
  note_filterNotDeals: "filter on '{field}' does not apply to deals and was ignored",
  note_splitReserved: "split by '{key}' ignored: it is already a column of this analysis",
  note_splitUnreachable: "'{key}' cannot split deals and was ignored",
  note_noSplit: 'this analysis has no split: rows were ignored',
  note_firstSplitOnly: 'only the first row dimension splits this analysis',
  note_forecastMethod:
    'forecast: each open deal’s chance to be won in each slice, learnt from the deals’ own history up to the as-of date — by its stage and the time it has spent there when a stage history is loaded (open deals count as not yet closed, not as lost); low–high is a 90% range',
  note_backtestAsOf:
    'the backtest runs as of earlier dates of the data: the as-of date was ignored',
  note_backtestBetter:
    'backtest: the forecast missed won deals by {mae:number} on average, the baseline (open deals × win rate) by {baseline:number}',
  note_backtestNotBetter:
    'backtest: the forecast does not beat the baseline (open deals × win rate): it missed won deals by {mae:number} on average, the baseline by {baseline:number}',
  note_funnelNoHistory: 'approximation: no stage history',
  note_presetDropped: '{preset}: this data has no {fields}; left out',
  note_winRateNoLost:
    '{measure}: this data has no lost deals, so it counts only won ones (100%); {conversion} is the share of created deals won',
  note_periodNoDate:
    '{measures}: this data has no “{field}” date, so the period does not apply to them: every row counts',
  note_undated: '{count} rows have no {field} and are outside any period ({measures})',
  // a spec that is not valid: `spec_at` names where, the others what
  spec_at: '{path}: {problem}',
  spec_unknownKey: 'unknown key (allowed: {allowed})',
  spec_nonEmptyString: 'expected a non-empty string',
  spec_oneOf: 'expected one of {list}',
  spec_dimension: 'expected an object like {"field": "manager"}',
  spec_numbers: 'expected an array of numbers',
  spec_filter: 'expected an object like {"field": "source", "op": "in", "values": ["Web"]}',
  spec_array: 'expected an array',
  spec_value: 'expected a string, number, boolean or null',
  spec_finite: 'expected a finite number',
  spec_members: 'expected a non-empty array of column members (text or null)',
  spec_textOrNull: 'expected text or null',
  spec_jsonObject: 'expected a JSON object',
  spec_version: 'unsupported version {got} (this build reads {version})',
  spec_period: 'expected {"from": "YYYY-MM-DD", "to": "YYYY-MM-DD"}',
  spec_realDate: 'expected a real date YYYY-MM-DD',
  spec_fromAfterTo: 'from is after to',
  spec_sort: 'expected {"key": "...", "dir": "asc"|"desc"}',
  spec_wholeNumber: 'expected a whole number from {min:number} to {max:number}',
  spec_horizon: 'expected a horizon such as 3m or 12w (1 to 36)',
  spec_boolean: 'expected true or false',
  spec_object: 'expected an object',
  spec_string: 'expected a string',
  spec_notOption: 'not an option of {analysis} (it reads: {reads})',
  spec_notOptionNone: 'not an option of {analysis} (it reads: none)',
  spec_transitionsView: "'{field}' asks for transitions, options.view for statuses",
  // a link (URL parameters)
  link_notJson: "link parameter '{key}' is not valid JSON",
  link_unknown: "link: unknown parameter '{key}'",
  link_fromTo: "link: 'from' and 'to' go together",
  link_zeroOne: "link: '{key}' is 0 or 1",
  link_lang: "link: 'lang' is one of {langs}",
  link_demo: "link: 'demo' is a number of deals from 1 to {max:number}",
  // a chart's parts as a screen reader names them (Plot's own names are English)
  plotAria_axis: '{axis}-axis',
  plotAria_axisTick: '{axis}-axis tick',
  plotAria_axisTickLabel: '{axis}-axis tick label',
  plotAria_axisLabel: '{axis}-axis label',
  plotAria_grid: '{axis}-grid',
  plotAria_area: 'area',
  plotAria_bar: 'bar',
  plotAria_cell: 'cell',
  plotAria_dot: 'dot',
  plotAria_line: 'line',
  plotAria_rule: 'rule',
  plotAria_text: 'text',
  plotAria_tick: 'tick',
  plotAria_tip: 'tip',
  plotAria_rect: 'rect',
  plotAria_frame: 'frame',
  plotAria_link: 'link',
  plotAria_arrow: 'arrow',
  // exporting a chart as an image
  export_noChart: 'no chart in this figure',
  export_image: 'the chart could not be drawn as an image',
  export_canvas: 'no 2D canvas',
  export_png: 'PNG encoding failed',
  // saved reports and the dashboard
  saved_notJson: 'not JSON',
  saved_notList: 'expected {"reports": [...]}',
  saved_notObject: 'report {n}: expected an object',
  saved_noName: 'report {n}: no name',
  saved_noId: '“{name}”: no id',
  saved_invalid: '“{name}”: {problem}',
  saved_duplicate: '“{name}”: duplicate id',
  saved_dashboard: 'dashboard: {problem}',
} as const;
