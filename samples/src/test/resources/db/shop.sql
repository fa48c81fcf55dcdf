-- The shop as the tests find it: schema version 2 (the migrations in src/main/resources/db/migration, which
-- MigrationsTest keeps this file in step with), three products worth remembering, 2,000 spare parts, three orders
-- worth remembering and 500 older ones.

create table products (
    sku         text    not null primary key,
    name        text    not null,
    price_cents integer not null check (price_cents >= 0),
    stock       integer not null check (stock >= 0)
);

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

insert into products (sku, name, price_cents, stock) values
    ('KB-101', 'Mechanical keyboard', 8900, 25),
    ('MS-202', 'Wireless mouse', 2900, 40),
    ('MN-303', '27-inch monitor', 24900, 3);

with recursive n(i) as (select 1 union all select i + 1 from n where i < 2000)
insert into products (sku, name, price_cents, stock)
select printf('PART-%04d', i), 'Spare part ' || i, 100 + i, 10 from n;

insert into orders (id, customer, placed_at, status) values
    (1, 'ada@example.com', '2026-11-02T09:15:00Z', 'PLACED'),
    (2, 'grace@example.com', '2026-11-03T14:40:00Z', 'PLACED'),
    (3, 'ada@example.com', '2026-11-05T11:05:00Z', 'CANCELLED');

insert into order_lines (order_id, sku, quantity, unit_price_cents) values
    (1, 'KB-101', 1, 8900),
    (1, 'MS-202', 1, 2900),
    (2, 'MN-303', 2, 24900),
    (3, 'MS-202', 3, 2900);

with recursive n(i) as (select 4 union all select i + 1 from n where i < 503)
insert into orders (id, customer, placed_at, status)
select i, printf('customer-%03d@example.com', i % 97), printf('2026-10-%02dT12:00:00Z', 1 + i % 28), 'PLACED' from n;

insert into order_lines (order_id, sku, quantity, unit_price_cents)
select id, printf('PART-%04d', 1 + id % 2000), 1 + id % 3, 101 + id % 2000 from orders where id >= 4;
