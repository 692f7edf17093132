/** The rows of samples <gan-interpolator> shows, as last drawn (z, labels and G(z)), each painted on its canvas. */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { paintRow } from './tile-row.js';
import { VIEWS, type Shown, type View } from './types.js';

/** What the rows need of their element: to render again, its canvases (`canvas.<view>`) and its colours. */
export type RowsHost = ReactiveControllerHost & Element & { readonly renderRoot: ParentNode };

/** A reactive controller: every change renders the host again. */
export class SampleRows implements ReactiveController {
  /** each view as drawn */
  shown: Partial<Record<View, Shown>> = {};
  /** the size of z the rows were drawn with */
  private zDim?: number;

  constructor(private readonly host: RowsHost) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** Shows a view as drawn (undefined: it has nothing to show) and paints it. */
  show(view: View, row: Shown | undefined): void {
    this.shown = { ...this.shown, [view]: row };
    this.host.requestUpdate();
    this.paint(view);
  }

  /** The generator shown has `d`-D z: when that is a new size, forgets every row and clears its canvas (true then). */
  resize(d: number | undefined): boolean {
    if (d === this.zDim) return false;
    this.shown = {};
    this.zDim = d;
    this.host.requestUpdate();
    for (const view of VIEWS) this.paint(view);
    return true;
  }

  /** Paints a view as drawn (or clears its canvas when it has nothing to show). */
  paint(view: View): void {
    const shown = this.shown[view];
    paintRow(this.host, this.host.renderRoot.querySelector<HTMLCanvasElement>(`canvas.${view}`), shown?.pixels, shown?.z.length ?? 0);
  }
}
