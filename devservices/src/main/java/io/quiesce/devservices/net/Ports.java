package io.quiesce.devservices.net;

import io.quiesce.devservices.DevServicesException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Checks a port before a service is started on it. PostgreSQL's own bind error would only surface as a startup timeout,
 * and if another PostgreSQL already listens there the readiness probe would happily connect to that one.
 */
public final class Ports {

    private Ports() {
    }

    /**
     * Throws a {@link DevServicesException} naming the service, the port and the setting to change when {@code address}
     * is already bound; {@code address} with the wildcard host checks every interface, as the Temporal server binds.
     */
    public static void requireFree(InetSocketAddress address, String service, String setting) {
        try (ServerSocket socket = new ServerSocket()) {
            // As the services themselves bind: connections of an earlier run still in TIME_WAIT must not count as "in use".
            socket.setReuseAddress(true);
            socket.bind(address);
        } catch (IOException e) {
            throw new DevServicesException(service + " port " + address.getPort() + " is already in use on "
                    + describe(address) + " (" + e.getMessage() + "): stop what listens there or set " + setting);
        }
    }

    private static String describe(InetSocketAddress address) {
        return address.getAddress().isAnyLocalAddress() ? "all interfaces" : address.getAddress().getHostAddress();
    }
}
