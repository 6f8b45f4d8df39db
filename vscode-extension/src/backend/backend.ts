import { homedir } from 'node:os';
import * as vscode from 'vscode';
import { State, type Executable } from 'vscode-languageclient/node';
import { BackendClient } from './backendClient';
import { BackendOutput } from './backendOutput';
import { defaultInstallRoots, findJdk, type Jdk } from './jdkFinder';
import { backendCommand, backendJar, classDataArchive, initializationOptions, missingBackend } from './launch';
import { forwardWorkspaceTrust } from './trust';
import {
  Methods,
  type BackendApi,
  type ConnectionStatus,
  type DeltaNotification,
  type DeviceList,
  type OpenSession,
  type RemoteControlStarted,
  type SendInput,
  type SessionEventNotification,
  type SessionList,
  type SessionOpened,
  type StartRemoteControl,
  type StopRemoteControl,
} from './protocol';

/** The backend could not be started; the user has already been told why. */
export class BackendUnavailable extends Error {}

/**
 * The `baton lsp` process, started on first use with vscode-languageclient over stdio. The client
 * restarts it after a crash, not when it stops as it starts ({@link BackendClient}); a fresh backend
 * hosts nothing, so a stop reads as Remote Control "off".
 */
export class Backend implements BackendApi, vscode.Disposable {
  private readonly statusEmitter = new vscode.EventEmitter<ConnectionStatus>();
  private readonly eventEmitter = new vscode.EventEmitter<SessionEventNotification>();
  private readonly deltaEmitter = new vscode.EventEmitter<DeltaNotification>();
  private readonly runningEmitter = new vscode.EventEmitter<void>();
  readonly onStatus = this.statusEmitter.event;
  /** A backend process is up and initialized: the first, or one started after a crash. */
  readonly onRunning = this.runningEmitter.event;
  readonly onSessionEvent = this.eventEmitter.event;
  readonly onDelta = this.deltaEmitter.event;
  private starting: Promise<BackendClient> | undefined;
  private trustForwarding: vscode.Disposable | undefined;

  constructor(
    private readonly extensionPath: string,
    private readonly output: vscode.OutputChannel,
  ) {}

  startRemoteControl(params: StartRemoteControl): Promise<RemoteControlStarted> {
    return this.request(Methods.startRemoteControl, params);
  }

  async stopRemoteControl(params: StopRemoteControl): Promise<void> {
    await this.request(Methods.stopRemoteControl, params);
  }

  listSessions(): Promise<SessionList> {
    return this.request(Methods.listSessions, {});
  }

  openSession(params: OpenSession): Promise<SessionOpened> {
    return this.request(Methods.openSession, params);
  }

  async sendInput(params: SendInput): Promise<void> {
    await this.request(Methods.sendInput, params);
  }

  devices(): Promise<DeviceList> {
    return this.request(Methods.devices, {});
  }

  /**
   * Starts the process unless it runs; rejects with {@link BackendUnavailable} (the user told why) when
   * it cannot start.
   */
  async ensureStarted(): Promise<void> {
    await this.client();
  }

  /** Stops the process; the next request starts a new one (with the settings of that moment). */
  async stop(): Promise<void> {
    const running = this.starting;
    this.starting = undefined;
    const client = await running?.catch(() => undefined);
    await client?.stop();
  }

  dispose(): void {
    void this.stop();
    this.trustForwarding?.dispose();
    this.statusEmitter.dispose();
    this.eventEmitter.dispose();
    this.deltaEmitter.dispose();
    this.runningEmitter.dispose();
  }

  private async request<T>(method: string, params: object): Promise<T> {
    const client = await this.client();
    // After a crash the client is restarting the backend (start() joins that), or gave up after too
    // many crashes or a restart that stopped as it started (start() tries once more, now that the user
    // asks for something).
    if (client.state !== State.Running) await this.start(client);
    return client.sendRequest<T>(method, params);
  }

  private client(): Promise<BackendClient> {
    this.starting ??= this.launch().catch((error: unknown) => {
      this.starting = undefined;
      throw error;
    });
    return this.starting;
  }

  private async launch(): Promise<BackendClient> {
    const jar = backendJar(this.extensionPath);
    const missing = missingBackend(jar);
    if (missing) {
      void vscode.window.showErrorMessage(missing);
      throw new BackendUnavailable(missing);
    }
    const folder = this.workspaceFolder();
    const jdk = await this.findJdk();
    const settings = vscode.workspace.getConfiguration('baton');
    const { command, args } = backendCommand(jdk.java, jar, settings.get('relay.url'), classDataArchive(jar));
    this.output.appendLine(`Starting the backend with Java ${jdk.version} from ${jdk.home} (${jdk.source})`);
    // No `transport`: stdio all the same, without the `--stdio` argument that `baton lsp` does not take.
    const server: Executable = { command, args, options: { cwd: folder.uri.fsPath } };
    const client = new BackendClient(
      server,
      {
        documentSelector: [],
        // A function: a backend restarted after a crash is told the trust of that moment.
        initializationOptions: () =>
          initializationOptions(settings.get('remoteControl.offlineTimeout'), vscode.workspace.isTrusted),
        workspaceFolder: folder,
      },
      new BackendOutput(this.output),
    );
    client.onStartFailed((cause) => {
      const showOutput = 'Show Output';
      void vscode.window.showErrorMessage(`The Baton backend could not start: ${cause}`, showOutput).then((choice) => {
        if (choice === showOutput) this.output.show();
      });
    });
    this.trustForwarding?.dispose();
    this.trustForwarding = forwardWorkspaceTrust(vscode.workspace.onDidGrantWorkspaceTrust, (method, params) => {
      if (client.state === State.Running) void client.sendNotification(method, params);
    });
    client.onNotification(Methods.connectionStatus, (status: ConnectionStatus) => this.statusEmitter.fire(status));
    client.onNotification(Methods.sessionEvent, (event: SessionEventNotification) => this.eventEmitter.fire(event));
    client.onNotification(Methods.delta, (delta: DeltaNotification) => this.deltaEmitter.fire(delta));
    client.onDidChangeState(({ newState }) => {
      if (newState === State.Stopped) this.statusEmitter.fire({ state: 'off' });
      if (newState === State.Running) this.runningEmitter.fire();
    });
    await this.start(client);
    return client;
  }

  /** Starts the backend process; one that could not start has told the user why ({@link BackendClient.onStartFailed}). */
  private async start(client: BackendClient): Promise<void> {
    try {
      // The JVM takes seconds to come up, and Remote Control reads "off" until it does: the status bar
      // says what is happening meanwhile.
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Starting the Baton backend' }, () =>
        client.start(),
      );
    } catch (error) {
      throw new BackendUnavailable(`The Baton backend did not start: ${error instanceof Error ? error.message : String(error)}`);
    }
    // start() resolves, rather than rejects, when the backend exits before answering `initialize`.
    if (client.state !== State.Running) throw new BackendUnavailable('The Baton backend did not start');
  }

  /**
   * The folder the backend's sessions work in. A window without one has no directory of its own (the
   * backend would work wherever the editor happened to start), so nothing starts until one is open.
   */
  private workspaceFolder(): vscode.WorkspaceFolder {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (folder) return folder;
    const message = 'Baton works in a workspace folder, and this window has none open. Open a folder, then run the command again.';
    const openFolder = 'Open Folder';
    void vscode.window.showErrorMessage(message, openFolder).then((choice) => {
      if (choice === openFolder) void vscode.commands.executeCommand('workbench.action.files.openFolder');
    });
    throw new BackendUnavailable(message);
  }

  private async findJdk(): Promise<Jdk> {
    const search = await findJdk({
      configuredHome: vscode.workspace.getConfiguration('baton').get<string>('java.home'),
      javaHome: process.env['JAVA_HOME'],
      installRoots: defaultInstallRoots(process.platform, homedir(), process.env),
      platform: process.platform,
    });
    search.rejected.forEach((reason) => this.output.appendLine(`Not a usable JDK: ${reason}`));
    if (search.jdk) return search.jdk;
    const openSetting = 'Open Setting';
    void vscode.window
      .showErrorMessage(`${search.problem} ${search.advice}`, openSetting, 'Show Log')
      .then((choice) => {
        if (choice === openSetting) void vscode.commands.executeCommand('workbench.action.openSettings', 'baton.java.home');
        else if (choice) this.output.show();
      });
    throw new BackendUnavailable(search.problem);
  }
}
