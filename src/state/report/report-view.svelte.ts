/** How the report is looked at, not what it is: none of this is in the spec or the link. */
export class ReportView {
  /** The SQL panel is open. */
  showSql = $state(false);
  /** Conditional shading of the pivot's cells. */
  shading = $state(true);
  /** Which value column the chart draws (null = first measure). */
  chartValue = $state<string | null>(null);
  /** The field whose filter editor is open. */
  filterField = $state<string | null>(null);

  openFilter(fieldId: string): void {
    this.filterField = fieldId;
  }

  closeFilter(): void {
    this.filterField = null;
  }
}
