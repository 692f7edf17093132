/** The live region's pace: screen readers hear an element's status at most every few seconds, errors at once. */
/**
 * What a polite live region says: the latest text, at most once every `gap` ms (an urgent text at once). A text that
 * arrives too soon is said when the gap has passed (`later` asks for the render that says it).
 */
export class Announcer {
  private said = '';
  private at = -Infinity;
  private timer?: ReturnType<typeof setTimeout>;

  constructor(private readonly gap = 4000) {}

  say(text: string, urgent: boolean, later: () => void): string {
    const now = performance.now();
    if (text === this.said) return this.said;
    if (urgent || now - this.at >= this.gap) {
      clearTimeout(this.timer);
      this.timer = undefined;
      [this.said, this.at] = [text, now];
    } else {
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        later();
      }, this.gap - (now - this.at));
    }
    return this.said;
  }
}
