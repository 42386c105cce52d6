package com.example;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

public class Order implements Serializable {
    private static final long serialVersionUID = 1L;
    private long orderId;
    private User buyer;
    private Address shipTo;
    private Map<String, Integer> quantities;
    private List<Address> history;
    private Color color;

    public Order() {}

    public Order(long orderId, User buyer, Address shipTo, Map<String, Integer> quantities, List<Address> history, Color color) {
        this.orderId = orderId; this.buyer = buyer; this.shipTo = shipTo; this.quantities = quantities; this.history = history; this.color = color;
    }
}
