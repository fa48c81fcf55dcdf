-- The catalogue: what the shop sells and how many it has.
create table products (
    sku         text    not null primary key,
    name        text    not null,
    price_cents integer not null check (price_cents >= 0),
    stock       integer not null check (stock >= 0)
);
