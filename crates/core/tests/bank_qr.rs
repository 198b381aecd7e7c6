//! The EPC QR code drawn as SVG decodes back to its payload: the SVG's path is rasterised here
//! (it is rectangles `M{x} {y}h{w}v{h}H{x}V{y}`) and read by an independent QR decoder (rqrr).

use encours_core::bank::epc::{payload, svg, Transfer};

/// The dark pixels of the SVG's path, on a `size`×`size` white image.
fn raster(svg: &str) -> (usize, Vec<bool>) {
    let attr = |name: &str| -> &str {
        let a = svg.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
        &svg[a..a + svg[a..].find('"').unwrap()]
    };
    let size: usize = attr("width").parse().unwrap();
    assert_eq!(attr("height"), attr("width"));
    let mut img = vec![false; size * size];
    let d = &svg[svg.find(" d=\"").unwrap() + 4..];
    let d = &d[..d.find('"').unwrap()];
    for rect in d.split('M').filter(|r| !r.is_empty()) {
        // "x y h w v h H x V y"
        let nums: Vec<usize> = rect
            .split(|c: char| c == ' ' || c.is_ascii_alphabetic())
            .filter(|s| !s.is_empty())
            .map(|s| s.parse().unwrap())
            .collect();
        let (x, y, w, h) = (nums[0], nums[1], nums[2], nums[3]);
        for row in y..y + h {
            for col in x..x + w {
                img[row * size + col] = true;
            }
        }
    }
    (size, img)
}

#[test]
fn drawn_qr_decodes_to_the_payload() {
    let cases = [
        Transfer {
            bic: Some("BNPAFRPP"),
            name: "Atelier Martin SARL",
            iban: "FR76 3000 6000 0112 3456 7890 189",
            amount: "1440.00".parse().unwrap(),
            reference: Some("RF34F2025038"),
            text: None,
        },
        Transfer {
            bic: None,
            name: "Société Générale d'Équipement",
            iban: "DE89 3704 0044 0532 0130 00",
            amount: "0.01".parse().unwrap(),
            reference: None,
            text: Some("Facture F2025-038 et F2025-039, merci"),
        },
    ];
    for t in &cases {
        let p = payload(t).unwrap();
        let image = svg(&p).unwrap();
        assert!(image.contains("<svg") && image.ends_with("</svg>"));
        let (size, img) = raster(&image);
        let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(size, size, |x, y| {
            if img[y * size + x] {
                0
            } else {
                255
            }
        });
        let grids = prepared.detect_grids();
        assert_eq!(grids.len(), 1, "one QR code in the image");
        let (meta, content) = grids[0].decode().unwrap();
        assert_eq!(content, p);
        // EPC069-12 asks for error correction level M (rqrr: 0 = M).
        assert_eq!(meta.ecc_level, 0);
    }
}
