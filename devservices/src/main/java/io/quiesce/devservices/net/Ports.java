package io.quiesce.devservices.net;

import io.quiesce.devservices.config.DevServicesException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** PostgreSQL's bind error would surface only as a startup timeout, or its probe would connect to another PostgreSQL. */
public final class Ports {

    private Ports() {}

    public static void requireFree(InetSocketAddress address, String service, String setting) {
        try (ServerSocket socket = new ServerSocket()) {
            // As the services themselves bind: connections of an earlier run still in TIME_WAIT must not count as "in
            // use".
            socket.setReuseAddress(true);
            socket.bind(address);
        } catch (IOException e) {
            throw new DevServicesException(service + " port " + address.getPort() + " is already in use on "
                    + describe(address) + " (" + e.getMessage() + "): stop what listens there or set " + setting);
        }
    }

    private static String describe(InetSocketAddress address) {
        return address.getAddress().isAnyLocalAddress()
                ? "all interfaces"
                : address.getAddress().getHostAddress();
    }
}
