// Node-RED's settings for the nutmqtt integration test (tests/integration/nodered): headless on
// a loopback port (given with --port), nothing fetched from the network, and the context kept
// on disk, as docs/node-red.md recommends, so that what the example flows know
// survives a restart of Node-RED.
module.exports = {
    uiHost: '127.0.0.1',
    flowFile: 'flows.json',
    flowFilePretty: true,
    credentialSecret: false,
    httpNodeRoot: false,
    contextStorage: {
        default: { module: 'localfilesystem' },
    },
    diagnostics: { enabled: false, ui: false },
    telemetry: { enabled: false, updateNotification: false },
    externalModules: {
        autoInstall: false,
        palette: { allowInstall: false, allowUpdate: false, allowUpload: false },
        modules: { allowInstall: false },
    },
    editorTheme: { projects: { enabled: false }, tours: false },
    logging: {
        console: { level: 'info', metrics: false, audit: false },
    },
};
