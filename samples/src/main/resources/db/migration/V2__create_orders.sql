-- Orders and their lines. A line keeps the unit price paid, whatever the catalogue says later.
create table orders (
    id        integer not null primary key autoincrement,
    customer  text    not null,
    placed_at text    not null,
    status    text    not null check (status in ('PLACED', 'CANCELLED'))
);

create index orders_by_customer on orders (customer, id);

create table order_lines (
    order_id         integer not null references orders (id),
    sku              text    not null references products (sku),
    quantity         integer not null check (quantity > 0),
    unit_price_cents integer not null check (unit_price_cents >= 0),
    primary key (order_id, sku)
);
