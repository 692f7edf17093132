/** A reactive controller that knows whether its host is on screen in a visible tab. */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class VisibilityController implements ReactiveController {
  private observer?: IntersectionObserver;
  private intersecting = false;
  private readonly onVisibility = () => this.changed();

  constructor(private readonly host: ReactiveControllerHost & HTMLElement, private readonly onChange: (visible: boolean) => void) {
    host.addController(this);
  }

  /** on screen (at least partly) and the tab is not hidden */
  get visible(): boolean {
    return this.intersecting && document.visibilityState !== 'hidden';
  }

  hostConnected(): void {
    this.observer = new IntersectionObserver((entries) => {
      this.intersecting = entries[entries.length - 1].isIntersecting;
      this.changed();
    }, { rootMargin: '200px' });
    this.observer.observe(this.host);
    document.addEventListener('visibilitychange', this.onVisibility);
  }

  hostDisconnected(): void {
    this.observer?.disconnect();
    this.observer = undefined;
    this.intersecting = false;
    document.removeEventListener('visibilitychange', this.onVisibility);
  }

  private changed(): void {
    this.onChange(this.visible);
  }
}

/** True when the reader asked the system for less motion. */
export function prefersReducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}
