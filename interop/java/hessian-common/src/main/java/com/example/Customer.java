package com.example;

public class Customer extends BaseEntity {
    private static final long serialVersionUID = 1L;
    private String name;
    private int level;

    public Customer() {}

    public Customer(long id, java.util.Date created, String label, String name, int level) {
        this.id = id; this.created = created; this.label = label; this.name = name; this.level = level;
    }
}
