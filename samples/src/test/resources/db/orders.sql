create table orders(id integer primary key, customer text not null, total integer not null);
insert into orders(customer, total) values ('ada', 1200), ('grace', 800), ('linus', 300);
