package com.example.sofa;

import java.io.Serializable;
import java.util.Date;
import java.util.List;
import java.util.Objects;

/** Nested POJO: a User, a List of Item, an enum and a Date. */
public class Order implements Serializable {
    private static final long serialVersionUID = 1L;

    private long orderId;
    private User buyer;
    private List<Item> items;
    private Color color;
    private Date placedAt;
    private String note;

    public Order() {
    }

    public Order(long orderId, User buyer, List<Item> items, Color color, Date placedAt, String note) {
        this.orderId = orderId;
        this.buyer = buyer;
        this.items = items;
        this.color = color;
        this.placedAt = placedAt;
        this.note = note;
    }

    public long getOrderId() { return orderId; }
    public void setOrderId(long orderId) { this.orderId = orderId; }
    public User getBuyer() { return buyer; }
    public void setBuyer(User buyer) { this.buyer = buyer; }
    public List<Item> getItems() { return items; }
    public void setItems(List<Item> items) { this.items = items; }
    public Color getColor() { return color; }
    public void setColor(Color color) { this.color = color; }
    public Date getPlacedAt() { return placedAt; }
    public void setPlacedAt(Date placedAt) { this.placedAt = placedAt; }
    public String getNote() { return note; }
    public void setNote(String note) { this.note = note; }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof Order)) return false;
        Order x = (Order) o;
        return orderId == x.orderId && Objects.equals(buyer, x.buyer) && Objects.equals(items, x.items)
                && color == x.color && Objects.equals(placedAt, x.placedAt) && Objects.equals(note, x.note);
    }

    @Override
    public int hashCode() {
        return Objects.hash(orderId, buyer, items, color, placedAt, note);
    }

    @Override
    public String toString() {
        return "Order{orderId=" + orderId + ", buyer=" + buyer + ", items=" + items + ", color=" + color
                + ", placedAt=" + (placedAt == null ? null : placedAt.getTime()) + ", note=" + note + "}";
    }
}
