package com.example.firstapp;

import java.net.URI;

/** The inventory API refused a request or a login, or could not be reached. */
public class InventoryException extends RuntimeException {

    public InventoryException(String message) {
        super(message);
    }

    private InventoryException(String message, Throwable cause) {
        super(message, cause);
    }

    static InventoryException unreachable(URI uri, Throwable cause) {
        return new InventoryException("Cannot reach the inventory API at " + uri + "; check inventory.base-uri",
                cause);
    }

}
