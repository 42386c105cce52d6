package com.example;

import java.io.Serializable;

public class Address implements Serializable {
    private static final long serialVersionUID = 1L;
    private String city;
    private String street;
    private int zip;

    public Address() {}

    public Address(String city, String street, int zip) { this.city = city; this.street = street; this.zip = zip; }
}
