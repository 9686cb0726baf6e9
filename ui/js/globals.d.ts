// The part of Tauri's global API (withGlobalTauri) the window uses.

// What a command reports progress on (a Tauri ipc::Channel): each message goes to onmessage.
declare class Channel<T = unknown> {
  onmessage: (message: T) => void;
}

interface Window {
  __TAURI__: {
    core: {
      invoke<T = unknown>(command: string, args?: Record<string, unknown>): Promise<T>;
      Channel: typeof Channel;
    };
    event: {
      listen<T = unknown>(
        event: string,
        handler: (event: { payload: T }) => void,
      ): Promise<() => void>;
    };
  };
}
