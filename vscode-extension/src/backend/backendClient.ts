import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorCodes,
  LanguageClient,
  ResponseError,
  State,
  type CloseHandlerResult,
  type ErrorHandler,
  type ErrorHandlerResult,
  type LanguageClientOptions,
  type Message,
  type ServerOptions,
} from 'vscode-languageclient/node';
import type { BackendOutput } from './backendOutput';

/**
 * vscode-languageclient's client for `baton lsp`, except for a backend that stops before it is up. The
 * client would restart that one up to five times, each meeting the same bad config.json or unusable JDK,
 * and say so in notices that name no cause. This one leaves it stopped, keeps the client's notices to the
 * output channel, and fires {@link onStartFailed} once with the cause: the backend's refusal of
 * `initialize` or the client's own failure to start it, else the process's last line on stderr. A
 * backend that crashes after it was up is restarted as by default: a crash there may be passing, and a
 * new backend serves the next request.
 */
export class BackendClient extends LanguageClient {
  private readonly startFailedEmitter = new vscode.EventEmitter<string>();
  /** The backend stopped before it answered `initialize`, for the reason given. */
  readonly onStartFailed = this.startFailedEmitter.event;
  /** Whether the current backend process answered `initialize`. */
  private up = false;
  /** Why the current start failed, when the client knows better than "the connection went away". */
  private startError: string | undefined;
  private readonly crashes: ErrorHandler = this.createDefaultErrorHandler();

  constructor(server: ServerOptions, options: Omit<LanguageClientOptions, 'outputChannel' | 'traceOutputChannel'>, output: BackendOutput) {
    // The client asks its error handler only once it has started, when `client` is this.
    let client: BackendClient | undefined;
    // The id 'baton' makes the client read its trace level from 'baton.trace.server'.
    super('baton', 'Baton', server, {
      ...options,
      outputChannel: output,
      traceOutputChannel: output,
      errorHandler: {
        error: (error, message, count) => client!.connectionError(error, message, count),
        closed: () => client!.connectionClosed(),
      },
      // Stopped without the client's own notice of the refusal: onStartFailed says why.
      initializationFailedHandler: () => false,
    });
    client = this;
    this.onDidChangeState(({ oldState, newState }) => {
      if (newState === State.Starting) {
        this.up = false;
        this.startError = undefined;
        output.processStarting();
      } else if (newState === State.Running) {
        this.up = true;
      } else if (oldState === State.Starting) {
        // The process's last words on stderr may still be on their way when its stdout closes: they were
        // written before it exited, so they are read in the same turn of the event loop as that close.
        setImmediate(() =>
          this.startFailedEmitter.fire(this.startError ?? output.lastStderrLine() ?? 'it exited without a word on stderr'),
        );
      }
    });
  }

  /** Notices only once the backend is up; before, {@link onStartFailed} tells the user once, with the cause. */
  override error(message: string, data?: unknown, showNotification: boolean | 'force' = true): void {
    const connectionGone = data instanceof ResponseError && data.code === ErrorCodes.PendingResponseRejected;
    if (!this.up && data instanceof Error && !connectionGone) this.startError = data.message;
    super.error(message, data, this.up ? showNotification : false);
  }

  override dispose(timeout?: number): Promise<void> {
    this.startFailedEmitter.dispose();
    return super.dispose(timeout);
  }

  private connectionError(error: Error, message: Message | undefined, count: number | undefined): ErrorHandlerResult | Promise<ErrorHandlerResult> {
    return this.crashes.error(error, message, count);
  }

  private connectionClosed(): CloseHandlerResult | Promise<CloseHandlerResult> {
    return this.up ? this.crashes.closed() : { action: CloseAction.DoNotRestart, handled: true };
  }
}
