/** What every story file shares: turning element events into Storybook actions, and the common controls. */

/** model-load → onModelLoad: the arg Storybook's manifest reader creates for an event. */
export const handlerArg = (event: string) => `on${event.replace(/(^|-)(\w)/g, (_m, _s, c: string) => c.toUpperCase())}` as const;

/** One listener per event that logs the event's detail in the Actions panel (through the arg of the same name). */
export function eventListeners(args: Record<string, unknown>, events: readonly string[]): Record<string, (e: Event) => void> {
  return Object.fromEntries(events.map((type) => {
    const handler = args[handlerArg(type)];
    return [type, (e: Event) => {
      if (typeof handler === 'function') handler((e as CustomEvent).detail);
    }];
  }));
}

/** Controls of the attributes every element has. */
export const commonArgTypes = {
  loading: { control: 'inline-radio', options: ['lazy', 'eager'], description: 'lazy: start when first on screen; eager: at once' },
  backend: { control: 'select', options: ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'],
    description: 'auto | webgpu | webgl | wasm | cpu (one backend per page: the first element to start decides, so a change needs a reload)' },
  'training-thread': { control: 'inline-radio', options: ['worker', 'main'],
    description: "worker: Train runs in a Web Worker and the page stays responsive; main: on the page's own thread" },
} as const;
