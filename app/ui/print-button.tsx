/** Opens the browser's print dialog (the page has print styles for A4 and Letter). */
export function PrintButton() {
  return (
    <button type="button" className="button button-primary" onClick={() => window.print()}>
      Print or save as PDF
    </button>
  );
}
