package com.example.sofa;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Objects;

public class Item implements Serializable {
    private static final long serialVersionUID = 1L;

    private String sku;
    private int quantity;
    private BigDecimal price;

    public Item() {
    }

    public Item(String sku, int quantity, BigDecimal price) {
        this.sku = sku;
        this.quantity = quantity;
        this.price = price;
    }

    public String getSku() { return sku; }
    public void setSku(String sku) { this.sku = sku; }
    public int getQuantity() { return quantity; }
    public void setQuantity(int quantity) { this.quantity = quantity; }
    public BigDecimal getPrice() { return price; }
    public void setPrice(BigDecimal price) { this.price = price; }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof Item)) return false;
        Item i = (Item) o;
        return quantity == i.quantity && Objects.equals(sku, i.sku) && Objects.equals(price, i.price);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sku, quantity, price);
    }

    @Override
    public String toString() {
        return "Item{sku=" + sku + ", quantity=" + quantity + ", price=" + price + "}";
    }
}
