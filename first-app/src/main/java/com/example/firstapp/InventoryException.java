package com.example.firstapp;

/** The inventory API refused a request or a login. */
public class InventoryException extends RuntimeException {

    public InventoryException(String message) {
        super(message);
    }

}
