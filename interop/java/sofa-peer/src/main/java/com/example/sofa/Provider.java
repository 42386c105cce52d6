package com.example.sofa;

import com.alipay.sofa.rpc.config.ApplicationConfig;
import com.alipay.sofa.rpc.config.ProviderConfig;
import com.alipay.sofa.rpc.config.ServerConfig;

/** Exports EchoService over Bolt (unique id empty, and "g1"), no registry, bound to 127.0.0.1. */
final class Provider {
    private Provider() {
    }

    static void start(int port) {
        ServerConfig server = new ServerConfig()
                .setProtocol("bolt")
                .setHost(Main.HOST)
                .setBoundHost(Main.HOST)
                .setPort(port)
                .setAdaptivePort(false)
                .setDaemon(false)
                .setStopTimeout(1000);
        ApplicationConfig app = new ApplicationConfig().setAppName("tribridge-sofa-peer-provider");

        ProviderConfig<EchoService> echo = new ProviderConfig<EchoService>()
                .setApplication(app)
                .setInterfaceId(EchoService.class.getName())
                .setRef(new EchoServiceImpl(""))
                .setServer(server)
                .setRegister(false);
        echo.export();

        ProviderConfig<EchoService> echoG1 = new ProviderConfig<EchoService>()
                .setApplication(app)
                .setInterfaceId(EchoService.class.getName())
                .setUniqueId(Main.UNIQUE_ID_G1)
                .setRef(new EchoServiceImpl(Main.UNIQUE_ID_G1))
                .setServer(server)
                .setRegister(false);
        echoG1.export();
    }
}
